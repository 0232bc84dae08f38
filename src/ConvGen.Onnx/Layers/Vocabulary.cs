using System.Collections.Generic;

namespace ConvGen.Onnx;

/// <summary>
/// What ConvGen's layer attributes accept: the limits the importer checks a model against (kernels 1, 3, 5 and 7,
/// depthwise 3 and 5, strides 1 and 2, pools 2 and 3, explicit pads, average and global pooling).
/// </summary>
public static class Vocabulary
{
    /// <summary>Convolution kernel sizes.</summary>
    public static IReadOnlyList<int> ConvKernelSizes { get; } = new[] { 1, 3, 5, 7 };

    /// <summary>Depthwise kernel sizes.</summary>
    public static IReadOnlyList<int> DepthwiseKernelSizes { get; } = new[] { 3, 5 };

    /// <summary>Convolution strides.</summary>
    public static IReadOnlyList<int> ConvStrides { get; } = new[] { 1, 2 };

    /// <summary>Pooling window sizes; a pooling stride is 1 up to the window.</summary>
    public static IReadOnlyList<int> PoolSizes { get; } = new[] { 2, 3 };

    /// <summary>How a window's pads are declared: 'valid' (none), Keras's 'same', or explicit.</summary>
    public static PaddingForm FormOf(Pads pads, LayerShape input, int kernel, int stride) =>
        pads.IsZero ? PaddingForm.Valid
        : pads == Pads.KerasSame(input.Height, input.Width, kernel, stride) ? PaddingForm.Same
        : PaddingForm.Explicit;
}

/// <summary>How a layer's pads are written in a declaration.</summary>
public enum PaddingForm
{
    /// <summary>No pads: nothing written (Keras's default 'valid').</summary>
    Valid,

    /// <summary>Keras's 'same': <c>Padding = Padding.Same</c>.</summary>
    Same,

    /// <summary>Per side: <c>Pads = new[] { top, left, bottom, right }</c> (issue 22).</summary>
    Explicit,
}
