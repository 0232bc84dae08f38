using System;

namespace ConvGen.Onnx;

/// <summary>
/// Zero padding of a convolution or pooling window, per side. The four values are in ONNX's begin/end order
/// (<c>pads = [top, left, bottom, right]</c>), the order the <c>Pads = new[] { … }</c> attribute takes.
/// </summary>
/// <param name="Top">Rows added above.</param>
/// <param name="Left">Columns added on the left.</param>
/// <param name="Bottom">Rows added below.</param>
/// <param name="Right">Columns added on the right.</param>
public readonly record struct Pads(int Top, int Left, int Bottom, int Right)
{
    /// <summary>No padding ('valid').</summary>
    public static Pads None => default;

    /// <summary>Whether every side is zero.</summary>
    public bool IsZero => Top == 0 && Left == 0 && Bottom == 0 && Right == 0;

    /// <summary>
    /// Keras's 'same' padding of a <paramref name="kernel"/>-wide window at <paramref name="stride"/> on a
    /// <paramref name="height"/> × <paramref name="width"/> image: output ceil(n / stride), the total
    /// max((out − 1)·stride + kernel − n, 0) split with the smaller half before (ONNX's SAME_UPPER).
    /// </summary>
    public static Pads KerasSame(int height, int width, int kernel, int stride)
    {
        (int top, int bottom) = SameAxis(height, kernel, stride, upper: true);
        (int left, int right) = SameAxis(width, kernel, stride, upper: true);
        return new Pads(top, left, bottom, right);
    }

    /// <summary>ONNX's <c>SAME_UPPER</c> (<paramref name="upper"/>: the extra cell after) or <c>SAME_LOWER</c> (before) along one axis.</summary>
    public static (int Before, int After) SameAxis(int size, int kernel, int stride, bool upper)
    {
        int output = (size + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + kernel - size, 0);
        int small = total / 2;
        return upper ? (small, total - small) : (total - small, small);
    }

    /// <summary>
    /// These pads with each end trimmed to what a window reaches: a cell past the last window's end is never read
    /// (e.g. a 3×3 stride-2 window with pads 1/1 on 56 rows reads begin 1, end 0). The output size is unchanged.
    /// </summary>
    public Pads Trimmed(int height, int width, int kernel, int stride) => new(
        Top, Left, TrimEnd(height, Top, Bottom, kernel, stride), TrimEnd(width, Left, Right, kernel, stride));

    /// <summary>Output rows or columns of a <paramref name="kernel"/>-wide window at <paramref name="stride"/> over <paramref name="size"/> cells padded by <paramref name="before"/> and <paramref name="after"/> (floor; 0 or less when nothing fits).</summary>
    public static int OutputSize(int size, int before, int after, int kernel, int stride)
    {
        long padded = (long)size + before + after;
        return padded < kernel ? 0 : (int)((padded - kernel) / stride + 1);
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{Top}, {Left}, {Bottom}, {Right}]";

    private static int TrimEnd(int size, int before, int after, int kernel, int stride)
    {
        int output = OutputSize(size, before, after, kernel, stride);
        if (output < 1)
        {
            return after;
        }

        int reached = (output - 1) * stride + kernel - size - before;
        return Math.Clamp(reached, 0, after);
    }
}
