using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>Depthwise kernels <c>[tap][c]</c> laid out with each tap's row padded to whole vectors, optionally flipped (for the input gradient).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DepthwiseWeightPacking
{
    /// <summary>Floats per tap row: the channels rounded up to whole vectors.</summary>
    public static int RowLength(int channels, int lanes) => (channels + lanes - 1) / lanes * lanes;

    /// <summary>Packs <paramref name="weights"/> (taps × channels); when <paramref name="flip"/>, tap t takes tap taps−1−t.</summary>
    public static void Pack(ReadOnlySpan<float> weights, Span<float> packed, int taps, int channels, int lanes, bool flip)
    {
        int row = RowLength(channels, lanes);
        ShapeChecks.Exactly(weights.Length, (long)taps * channels, nameof(weights), "{0} taps x {1} channels", taps, channels);
        ShapeChecks.Exactly(packed.Length, (long)taps * row, nameof(packed), "the packed depthwise layout");
        for (int t = 0; t < taps; t++)
        {
            Span<float> dst = packed.Slice(t * row, row);
            weights.Slice((flip ? taps - 1 - t : t) * channels, channels).CopyTo(dst);
            dst.Slice(channels).Clear();
        }
    }
}
