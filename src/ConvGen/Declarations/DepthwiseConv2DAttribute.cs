using System;

namespace ConvGen;

/// <summary>A depthwise 3×3 convolution (Keras's <c>DepthwiseConv2D</c>, depth multiplier 1): each channel filtered on its own.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DepthwiseConv2DAttribute : Attribute
{
    /// <summary>Declares a depthwise convolution with a square kernel (3).</summary>
    public DepthwiseConv2DAttribute(int kernelSize = 3)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Kernel height and width: 3.</summary>
    public int KernelSize { get; }

    /// <summary>Stride: 1 or 2. Default 1.</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Padding; Keras's default is <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>
    /// Explicit padding, top, left, bottom, right (ONNX's and PyTorch's padding), each at least 0 and less than the
    /// kernel size; replaces <see cref="Padding"/> (leave it 'valid'). PyTorch's <c>Conv2d(c, f, 3, stride=2,
    /// padding=1)</c> on an even image is <c>Pads = new[] { 1, 1, 0, 0 }</c> (its last padded row and column are never read).
    /// </summary>
    public int[]? Pads { get; set; }

    /// <summary>Activation: None, Relu or Relu6.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Whether the layer adds a per-channel bias. Default true.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Layer name; by default <c>depthwise_conv2d</c>, <c>depthwise_conv2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
