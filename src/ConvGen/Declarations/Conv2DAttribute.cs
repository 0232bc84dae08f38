using System;

namespace ConvGen;

/// <summary>A 2-D convolution layer (Keras's <c>Conv2D</c>): 1×1 or 3×3 kernel, stride 1 or 2.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares a convolution with <paramref name="filters"/> output channels and a square kernel.</summary>
    public Conv2DAttribute(int filters, int kernelSize)
    {
        Filters = filters;
        KernelSize = kernelSize;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel height and width: 1 or 3.</summary>
    public int KernelSize { get; }

    /// <summary>Stride in both directions: 1 or 2. Default 1.</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Padding; Keras's default is <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>
    /// Explicit padding, top, left, bottom, right (ONNX's and PyTorch's padding), each at least 0 and less than the
    /// kernel size; replaces <see cref="Padding"/> (leave it 'valid'). PyTorch's <c>Conv2d(c, f, 3, stride=2,
    /// padding=1)</c> on an even image is <c>Pads = new[] { 1, 1, 0, 0 }</c> (its last padded row and column are never read).
    /// </summary>
    public int[]? Pads { get; set; }

    /// <summary>Activation fused into the kernel: <see cref="Activation.None"/>, <see cref="Activation.Relu"/> or <see cref="Activation.Relu6"/>.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Whether the layer adds a per-channel bias. Default true.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>
    /// Whether the generator may compute a stride-1 3×3 layer with Winograd F(2×2, 3×3) (2.25× fewer multiplications,
    /// a slightly different rounding) where that wins: 8k input and output channels, at least 16 of each, and an image
    /// big enough that its 2×2 tiles do not waste the saving. Default true; false keeps the direct convolution.
    /// </summary>
    public bool Winograd { get; set; } = true;

    /// <summary>Layer name; by default Keras's style (<c>conv2d</c>, <c>conv2d_1</c>, …).</summary>
    public string? Name { get; set; }
}
