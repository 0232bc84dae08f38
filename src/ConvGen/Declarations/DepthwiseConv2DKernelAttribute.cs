using System;

namespace ConvGen;

/// <summary>Declares one standalone depthwise convolution kernel on a <c>partial</c> class (see <see cref="Conv2DKernelAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DepthwiseConv2DKernelAttribute : Attribute
{
    /// <summary>Declares the kernel's input image (height × width × channels) and kernel size (3 or 5).</summary>
    public DepthwiseConv2DKernelAttribute(int height, int width, int channels, int kernelSize = 3)
    {
        Height = height;
        Width = width;
        Channels = channels;
        KernelSize = kernelSize;
    }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Channels (in and out).</summary>
    public int Channels { get; }

    /// <summary>Kernel height and width: 3 or 5.</summary>
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
}
