using System;

namespace ConvGen;

/// <summary>
/// The weights of a Winograd F(2×2, 3×3) convolution: for each input/output channel pair, the 3×3 kernel g becomes the
/// 4×4 U = G g Gᵀ with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. Point ξ's U (input channels × filters) is then packed as the
/// weights of a 1×1 convolution (<see cref="Conv2DWeightPacking"/>'s order), the 16 points one after another.
/// </summary>
public static class WinogradWeights
{
    /// <summary>Points ξ of the 4×4 transformed kernel.</summary>
    public const int Points = 16;

    /// <summary>Floats of the packed U for these sizes.</summary>
    public static int PackedLength(int paddedChannels, int filters, int blockWidth, int lanes) =>
        Points * Conv2DWeightPacking.PackedLength(1, paddedChannels, filters, blockWidth, lanes);

    /// <summary>
    /// Transforms 3×3 HWIO weights (<paramref name="channels"/> × <paramref name="filters"/>) and packs the 16 points'
    /// matrices, each <paramref name="paddedChannels"/> rows (zero past <paramref name="channels"/>) in blocks of
    /// <paramref name="blockWidth"/> filters.
    /// </summary>
    public static void Pack(ReadOnlySpan<float> weightsHwio, Span<float> packed, int channels, int filters, int paddedChannels, int blockWidth, int lanes)
    {
        ShapeChecks.Exactly(weightsHwio.Length, 9L * channels * filters, nameof(weightsHwio), "3x3 taps x {0} channels x {1} filters", channels, filters);
        PackPoints(weightsHwio, packed, channels, filters, paddedChannels, blockWidth, lanes, flippedTransposed: false);
    }

    /// <summary>
    /// The weights of the input gradient's Winograd convolution (<paramref name="filters"/> → <paramref name="channels"/>):
    /// U of the flipped, transposed kernel g'[ky][kx][co][ci] = g[2−ky][2−kx][ci][co], rows padded to
    /// <paramref name="paddedFilters"/>, in blocks of <paramref name="blockWidth"/> input channels.
    /// </summary>
    public static void PackFlippedTransposed(ReadOnlySpan<float> weightsHwio, Span<float> packed, int channels, int filters, int paddedFilters, int blockWidth, int lanes)
    {
        ShapeChecks.Exactly(weightsHwio.Length, 9L * channels * filters, nameof(weightsHwio), "3x3 taps x {0} channels x {1} filters", channels, filters);
        PackPoints(weightsHwio, packed, filters, channels, paddedFilters, blockWidth, lanes, flippedTransposed: true);
    }

    // channels → filters are the Winograd convolution's own: for the flipped, transposed kernel its channels are the
    // forward filters and its filters the forward input channels.
    private static void PackPoints(ReadOnlySpan<float> hwio, Span<float> packed, int channels, int filters, int paddedChannels, int blockWidth, int lanes, bool flippedTransposed)
    {
        int pointLength = Conv2DWeightPacking.PackedLength(1, paddedChannels, filters, blockWidth, lanes);
        ShapeChecks.Exactly(packed.Length, (long)Points * pointLength, nameof(packed), "the packed Winograd layout");
        packed.Clear();
        Span<float> u = stackalloc float[Points];
        for (int co0 = 0; co0 < filters; co0 += blockWidth)
        {
            int width = Math.Min(blockWidth, (filters - co0 + lanes - 1) / lanes * lanes);
            int used = Math.Min(width, filters - co0);
            int blockOffset = paddedChannels * co0;
            for (int c = 0; c < channels; c++)
            {
                for (int j = 0; j < used; j++)
                {
                    if (flippedTransposed)
                    {
                        TransformFlipped(hwio, (co0 + j) * channels + c, channels * filters, u);
                    }
                    else
                    {
                        Transform(hwio, c * filters + co0 + j, channels * filters, u);
                    }

                    int offset = blockOffset + c * width + j;
                    for (int point = 0; point < Points; point++)
                    {
                        packed[point * pointLength + offset] = u[point];
                    }
                }
            }
        }
    }

    // U = G g Gᵀ for the kernel whose tap (ky, kx) is at hwio[(ky·3 + kx)·tapStride + index].
    private static void Transform(ReadOnlySpan<float> hwio, int index, int tapStride, Span<float> u)
    {
        Span<float> g = stackalloc float[9];
        for (int tap = 0; tap < 9; tap++)
        {
            g[tap] = hwio[tap * tapStride + index];
        }

        Transform(g, u);
    }

    // The same for the kernel rotated by 180°: tap (ky, kx) is hwio's tap (2 − ky, 2 − kx).
    private static void TransformFlipped(ReadOnlySpan<float> hwio, int index, int tapStride, Span<float> u)
    {
        Span<float> g = stackalloc float[9];
        for (int tap = 0; tap < 9; tap++)
        {
            g[tap] = hwio[(8 - tap) * tapStride + index];
        }

        Transform(g, u);
    }

    private static void Transform(ReadOnlySpan<float> g, Span<float> u)
    {
        // t = G g (4×3): rows g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2 over the kernel's rows.
        Span<float> t = stackalloc float[12];
        for (int col = 0; col < 3; col++)
        {
            float g0 = g[col], g1 = g[3 + col], g2 = g[6 + col];
            t[col] = g0;
            t[3 + col] = 0.5f * (g0 + g1 + g2);
            t[6 + col] = 0.5f * (g0 - g1 + g2);
            t[9 + col] = g2;
        }

        // U = t Gᵀ (4×4), the same combination along each row.
        for (int row = 0; row < 4; row++)
        {
            float t0 = t[row * 3], t1 = t[row * 3 + 1], t2 = t[row * 3 + 2];
            u[row * 4] = t0;
            u[row * 4 + 1] = 0.5f * (t0 + t1 + t2);
            u[row * 4 + 2] = 0.5f * (t0 - t1 + t2);
            u[row * 4 + 3] = t2;
        }
    }
}
