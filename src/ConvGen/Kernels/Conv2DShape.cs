using System;

namespace ConvGen;

/// <summary>
/// The geometry of one 2-D convolution over NHWC activations with HWIO weights. Output sizes and padding follow
/// Keras: 'same' gives ceil(H / stride) and pads (total) max(k − (H mod s or s), 0), the smaller half on top/left;
/// 'valid' gives floor((H − k) / stride) + 1. A depthwise convolution (<see cref="Depthwise"/>) filters each channel
/// on its own: Filters equals Channels and the weights are <c>[ky][kx][c]</c> (Keras's depthwise kernel, multiplier 1).
/// </summary>
public readonly record struct Conv2DShape(
    int Height,
    int Width,
    int Channels,
    int Filters,
    int KernelSize,
    int Stride,
    Padding Padding,
    Activation Activation,
    bool UseBias,
    bool Depthwise = false)
{
    private readonly int _outputPixelStride;

    /// <summary>
    /// Floats between consecutive output pixels: <see cref="Filters"/> for a dense output; a concatenation's channel
    /// count for a kernel that writes its channel slice of the merged tensor in place.
    /// </summary>
    public int OutputPixelStride
    {
        get => _outputPixelStride == 0 ? Filters : _outputPixelStride;
        init => _outputPixelStride = value == Filters ? 0 : value >= Filters ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"The output pixel stride must be at least the {Filters} filters.");
    }

    /// <summary>
    /// Explicit padding per side, which replaces <see cref="Padding"/>'s (declared with <c>Pads = new[] { top, left,
    /// bottom, right }</c>; <see cref="Padding"/> is then <see cref="Padding.Valid"/>). Null: Keras's 'same' or 'valid'.
    /// </summary>
    public ExplicitPads? Pads { get; init; }

    /// <summary>True when the output is a channel slice of a wider tensor (<see cref="OutputPixelStride"/> &gt; <see cref="Filters"/>).</summary>
    public bool WritesSlice => _outputPixelStride != 0;

    /// <summary>Floats an output span must hold for <paramref name="batch"/> images: the last pixel's channels end there.</summary>
    public long OutputSpanLength(int batch) =>
        batch == 0 ? 0 : ((long)batch * OutputHeight * OutputWidth - 1) * OutputPixelStride + Filters;

    /// <summary>Output height.</summary>
    public int OutputHeight => Windows(Height + PadTop + PadBottom);

    /// <summary>Output width.</summary>
    public int OutputWidth => Windows(Width + PadLeft + PadRight);

    /// <summary>Zero rows added above the input.</summary>
    public int PadTop => Pads?.Top ?? KerasPadding.Pads(Height, KernelSize, Stride, Padding).Before;

    /// <summary>Zero columns added left of the input.</summary>
    public int PadLeft => Pads?.Left ?? KerasPadding.Pads(Width, KernelSize, Stride, Padding).Before;

    private int PadBottom => Pads?.Bottom ?? KerasPadding.Pads(Height, KernelSize, Stride, Padding).After;

    private int PadRight => Pads?.Right ?? KerasPadding.Pads(Width, KernelSize, Stride, Padding).After;

    /// <summary>Floats in one input image (H·W·C).</summary>
    public int InputImageLength => Height * Width * Channels;

    /// <summary>Floats in one output image.</summary>
    public int OutputImageLength => OutputHeight * OutputWidth * Filters;

    /// <summary>Floats in the HWIO weight tensor (k·k·Cin·Cout).</summary>
    public int WeightLength => KernelSize * KernelSize * Channels * (Depthwise ? 1 : Filters);

    /// <summary>Multiply-adds per image, times two: the FLOP count of a direct convolution.</summary>
    public long FlopsPerImage => 2L * OutputHeight * OutputWidth * Filters * (Depthwise ? 1 : Channels) * KernelSize * KernelSize;

    private int Windows(int padded) => padded >= KernelSize ? (padded - KernelSize) / Stride + 1 : 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Height}x{Width}x{Channels} -> {OutputHeight}x{OutputWidth}x{Filters}, {KernelSize}x{KernelSize}{(Depthwise ? " depthwise" : "")} " +
        $"{(Pads is { } p ? $"pads {p.Top},{p.Left},{p.Bottom},{p.Right}" : Padding == Padding.Same ? "same" : "valid")} stride {Stride}{(Activation == Activation.None ? "" : ", " + Activation.ToString().ToLowerInvariant())}{(UseBias ? ", bias" : ", no bias")}" +
        (WritesSlice ? $", into its slice of a {OutputPixelStride}-channel concatenation" : "");
}
