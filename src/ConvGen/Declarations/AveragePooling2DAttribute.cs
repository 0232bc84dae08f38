using System;

namespace ConvGen;

/// <summary>
/// An average-pooling layer (Keras's <c>AveragePooling2D</c>, ONNX's <c>AveragePool</c>, PyTorch's <c>AvgPool2d</c>):
/// each output is the mean of its window.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling2DAttribute : Attribute
{
    /// <summary>Declares a square pooling window of <paramref name="poolSize"/> (2 or 3; default 2).</summary>
    public AveragePooling2DAttribute(int poolSize = 2)
    {
        PoolSize = poolSize;
    }

    /// <summary>Window height and width.</summary>
    public int PoolSize { get; }

    /// <summary>Stride; 0 (the default) means the pool size, as in Keras.</summary>
    public int Strides { get; set; }

    /// <summary>'valid' (default) or 'same' (ceil(H / stride), Keras's padding).</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>
    /// Explicit padding, top, left, bottom, right, each at least 0 and less than the pool size; replaces
    /// <see cref="Padding"/> (leave it 'valid').
    /// </summary>
    public int[]? Pads { get; set; }

    /// <summary>
    /// Whether padded cells count in a window's divisor: false (default) divides by the image cells the window covers,
    /// as Keras does and ONNX's <c>count_include_pad = 0</c>; true divides by the cells of the padded image it covers,
    /// as ONNX's <c>count_include_pad = 1</c> and PyTorch's <c>AvgPool2d</c> default.
    /// </summary>
    public bool CountIncludePad { get; set; }

    /// <summary>Layer name; by default <c>average_pooling2d</c>, <c>average_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
