using System;

namespace ConvGen;

/// <summary>Declares one standalone depthwise convolution kernel on a <c>partial</c> class (see <see cref="Conv2DKernelAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DepthwiseConv2DKernelAttribute : Attribute
{
    /// <summary>Declares the kernel's input image (height × width × channels) and kernel size (3).</summary>
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

    /// <summary>Kernel height and width: 3.</summary>
    public int KernelSize { get; }

    /// <summary>Stride: 1 or 2. Default 1.</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Padding. Default <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Activation: None, Relu or Relu6.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Whether the kernel adds a bias. Default true.</summary>
    public bool UseBias { get; set; } = true;
}
