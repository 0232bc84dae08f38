using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// Lays HWIO convolution weights out in the order generated kernels read them: output channels in blocks
/// (<c>[block][tap][ci][lane]</c>), each block as wide as the kernel's register block, padded with zeros past the
/// last filter so every load is a full vector.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conv2DWeightPacking
{
    /// <summary>Floats needed by <see cref="Pack"/> for these sizes.</summary>
    public static int PackedLength(int taps, int channels, int filters, int blockWidth, int lanes)
    {
        int total = 0;
        for (int co = 0; co < filters; co += blockWidth)
        {
            total += BlockWidth(filters - co, blockWidth, lanes);
        }

        return taps * channels * total;
    }

    /// <summary>
    /// Packs <paramref name="weightsHwio"/> (taps·channels·filters floats) into blocks of
    /// <paramref name="blockWidth"/> output channels; the last block is rounded up to whole vectors of
    /// <paramref name="lanes"/> and zero-filled.
    /// </summary>
    public static void Pack(ReadOnlySpan<float> weightsHwio, Span<float> packed, int taps, int channels, int filters, int blockWidth, int lanes)
    {
        ShapeChecks.Exactly(weightsHwio.Length, (long)taps * channels * filters, nameof(weightsHwio), "{0} taps x {1} channels x {2} filters", taps, channels, filters);
        ShapeChecks.Exactly(packed.Length, PackedLength(taps, channels, filters, blockWidth, lanes), nameof(packed), "the packed layout");
        int offset = 0;
        for (int co0 = 0; co0 < filters; co0 += blockWidth)
        {
            int width = BlockWidth(filters - co0, blockWidth, lanes);
            int used = Math.Min(width, filters - co0);
            for (int row = 0; row < taps * channels; row++)
            {
                Span<float> dst = packed.Slice(offset + row * width, width);
                weightsHwio.Slice(row * filters + co0, used).CopyTo(dst);
                dst.Slice(used).Clear();
            }

            offset += taps * channels * width;
        }
    }

    private static int BlockWidth(int remaining, int blockWidth, int lanes) =>
        remaining >= blockWidth ? blockWidth : (remaining + lanes - 1) / lanes * lanes;

    /// <summary>
    /// Packs the kernel of the input gradient: W'[ky][kx][co][ci] = W[k−1−ky][k−1−kx][ci][co] (flipped and transposed),
    /// in blocks of <paramref name="blockWidth"/> input channels.
    /// </summary>
    public static void PackFlippedTransposed(ReadOnlySpan<float> weightsHwio, Span<float> packed, int kernelSize, int channels, int filters, int blockWidth, int lanes)
    {
        int taps = kernelSize * kernelSize;
        ShapeChecks.Exactly(weightsHwio.Length, (long)taps * channels * filters, nameof(weightsHwio), "{0} taps x {1} channels x {2} filters", taps, channels, filters);
        ShapeChecks.Exactly(packed.Length, PackedLength(taps, filters, channels, blockWidth, lanes), nameof(packed), "the packed backward-data layout");
        int offset = 0;
        for (int ci0 = 0; ci0 < channels; ci0 += blockWidth)
        {
            int width = BlockWidth(channels - ci0, blockWidth, lanes);
            int used = Math.Min(width, channels - ci0);
            for (int t = 0; t < taps; t++)
            {
                int source = taps - 1 - t;
                for (int co = 0; co < filters; co++)
                {
                    Span<float> dst = packed.Slice(offset + (t * filters + co) * width, width);
                    for (int j = 0; j < used; j++)
                    {
                        dst[j] = weightsHwio[(source * channels + ci0 + j) * filters + co];
                    }

                    dst.Slice(used).Clear();
                }
            }

            offset += taps * filters * width;
        }
    }

}
