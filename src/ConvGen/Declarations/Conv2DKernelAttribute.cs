using System;

namespace ConvGen;

/// <summary>
/// Declares one standalone convolution kernel on a <c>partial</c> class, for graphs composed by hand
/// (Inception branches, ResNet bottlenecks). The generator adds static <c>Forward</c>, <c>PackWeights</c> and
/// shape constants to the class, and a <see cref="IConv2DKernel"/> instance as <c>Kernel</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class Conv2DKernelAttribute : Attribute
{
    /// <summary>Declares the kernel's input image (height × width × channels), output channels and kernel size.</summary>
    public Conv2DKernelAttribute(int height, int width, int channels, int filters, int kernelSize)
    {
        Height = height;
        Width = width;
        Channels = channels;
        Filters = filters;
        KernelSize = kernelSize;
    }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel height and width: 1, 3, 5 or 7.</summary>
    public int KernelSize { get; }

    /// <summary>Stride: 1 or 2. Default 1.</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Padding. Default <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>
    /// Explicit padding, top, left, bottom, right (ONNX's and PyTorch's padding), each at least 0 and less than the
    /// kernel size; replaces <see cref="Padding"/> (leave it 'valid'). PyTorch's <c>Conv2d(c, f, 3, stride=2,
    /// padding=1)</c> on an even image is <c>Pads = new[] { 1, 1, 0, 0 }</c> (its last padded row and column are never read).
    /// </summary>
    public int[]? Pads { get; set; }

    /// <summary>Activation: None, Relu or Relu6.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Whether the kernel adds a bias. Default true.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>
    /// Whether the generator may compute a stride-1 3×3 kernel with Winograd F(2×2, 3×3) (2.25× fewer multiplications,
    /// a slightly different rounding) where that wins: 8k input and output channels, at least 16 of each, and an image
    /// big enough that its 2×2 tiles do not waste the saving. Default true; false keeps the direct convolution.
    /// </summary>
    public bool Winograd { get; set; } = true;
}
