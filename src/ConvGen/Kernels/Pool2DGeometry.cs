using System;

namespace ConvGen;

/// <summary>
/// The windows of one 2-D pooling over NHWC images: pool×pool windows every <see cref="Stride"/> pixels over the image
/// with <see cref="PadTop"/>, <see cref="PadLeft"/>, <see cref="PadBottom"/> and <see cref="PadRight"/> empty cells
/// around it. Keras's 'valid' is no padding; its 'same' is the padding <see cref="Keras"/> computes; ONNX's explicit
/// <c>pads</c> are given as they are. Output sizes round down (ONNX's <c>ceil_mode = 0</c>).
/// </summary>
internal readonly record struct Pool2DGeometry(int Height, int Width, int Channels, int Pool, int Stride, int PadTop, int PadLeft, int PadBottom, int PadRight)
{
    /// <summary>The geometry of Keras's <paramref name="padding"/> ('same' puts the smaller half of the padding before).</summary>
    public static Pool2DGeometry Keras(int height, int width, int channels, int pool, int stride, Padding padding)
    {
        (int top, int bottom) = KerasPadding.Pads(height, pool, stride, padding);
        (int left, int right) = KerasPadding.Pads(width, pool, stride, padding);
        return new Pool2DGeometry(height, width, channels, pool, stride, top, left, bottom, right);
    }

    /// <summary>Output height: floor((H + top + bottom − pool) / stride) + 1, or 0 when no window fits.</summary>
    public int OutputHeight => OutputSize(Height + PadTop + PadBottom);

    /// <summary>Output width.</summary>
    public int OutputWidth => OutputSize(Width + PadLeft + PadRight);

    /// <summary>Floats in one input image.</summary>
    public int InputImageLength => Height * Width * Channels;

    /// <summary>Floats in one output image.</summary>
    public int OutputImageLength => OutputHeight * OutputWidth * Channels;

    /// <summary>
    /// The input rows [<c>lo</c>, <c>hi</c>) window row <paramref name="oy"/> covers, and how many rows of the padded
    /// image (input and padding, never past the padding) it covers.
    /// </summary>
    public (int Lo, int Hi, int Padded) Rows(int oy) => Span(oy, Height, PadTop, PadBottom);

    /// <summary>The input columns window column <paramref name="ox"/> covers, as <see cref="Rows"/>.</summary>
    public (int Lo, int Hi, int Padded) Columns(int ox) => Span(ox, Width, PadLeft, PadRight);

    /// <summary>
    /// The count an average over the window at (<paramref name="rows"/>, <paramref name="columns"/>) divides by: the
    /// input cells it covers (Keras, ONNX's <c>count_include_pad = 0</c>) or, with <paramref name="includePadding"/>,
    /// the padding cells too (ONNX's <c>count_include_pad = 1</c>); 0 for a window that covers no input cell.
    /// </summary>
    public static int WindowCount((int Lo, int Hi, int Padded) rows, (int Lo, int Hi, int Padded) columns, bool includePadding) =>
        rows.Hi <= rows.Lo || columns.Hi <= columns.Lo ? 0
        : includePadding ? rows.Padded * columns.Padded
        : (rows.Hi - rows.Lo) * (columns.Hi - columns.Lo);

    private (int Lo, int Hi, int Padded) Span(int o, int size, int before, int after)
    {
        int start = o * Stride - before;
        int end = start + Pool;
        return (Math.Max(start, 0), Math.Min(end, size), Math.Min(end, size + after) - Math.Max(start, -before));
    }

    private int OutputSize(int padded) => padded >= Pool ? (padded - Pool) / Stride + 1 : 0;
}
