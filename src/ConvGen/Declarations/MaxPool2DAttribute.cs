using System;

namespace ConvGen;

/// <summary>A max-pooling layer (Keras's <c>MaxPooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares a square pooling window of <paramref name="poolSize"/> (default 2).</summary>
    public MaxPool2DAttribute(int poolSize = 2)
    {
        PoolSize = poolSize;
    }

    /// <summary>Window height and width.</summary>
    public int PoolSize { get; }

    /// <summary>Stride; 0 (the default) means the pool size, as in Keras.</summary>
    public int Strides { get; set; }

    /// <summary>'valid' (default: windows inside the image, the size floors) or 'same' (ceil(H / stride), padded positions ignored).</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>
    /// Explicit padding, top, left, bottom, right (ONNX's <c>pads</c> in begin/end order reordered per side), each at
    /// least 0 and less than the pool size; padded positions never win. Replaces <see cref="Padding"/> (leave it
    /// 'valid'). <c>Pads = new[] { 1, 1, 0, 0 }</c> is PyTorch's <c>MaxPool2d(3, 2, padding=1)</c> on an even image.
    /// </summary>
    public int[]? Pads { get; set; }

    /// <summary>Layer name; by default <c>max_pooling2d</c>, <c>max_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
