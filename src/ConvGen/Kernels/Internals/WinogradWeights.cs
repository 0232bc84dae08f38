using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen.__Internals;

/// <summary>
/// The weights of a Winograd F(m×m, 3×3) convolution, m = 2 or 4: for each input/output channel pair, the 3×3 kernel g
/// becomes the (m+2)×(m+2) U = G g Gᵀ, with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] for F(2×2, 3×3) and Lavin and Gray's
/// G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1/24 1/12 ⅙; 1/24 −1/12 ⅙; 0 0 1] for F(4×4, 3×3). Point ξ's U (input channels ×
/// filters) is then packed as the weights of a 1×1 convolution (<see cref="Conv2DWeightPacking"/>'s order), the points
/// one after another. Training repacks every step, so the transform runs on whole rows of filters (contiguous in HWIO)
/// with vectors.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradWeights
{
    /// <summary>Points ξ of F(2×2, 3×3)'s 4×4 transformed kernel.</summary>
    public const int Points = 16;

    /// <summary>Points ξ of F(<paramref name="tileSize"/>×<paramref name="tileSize"/>, 3×3): (m+2)², 16 or 36.</summary>
    public static int PointsOf(int tileSize) => tileSize switch
    {
        2 => 16,
        4 => 36,
        _ => throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, "Winograd tiles are 2x2 or 4x4 output pixels."),
    };

    // Per thread: one input channel's 16 rows of U, and the flipped, transposed kernel of an input gradient.
    [ThreadStatic]
    private static float[]? t_rows;

    [ThreadStatic]
    private static float[]? t_flipped;

    /// <summary>Floats of the packed U for these sizes.</summary>
    public static int PackedLength(int paddedChannels, int filters, int blockWidth, int lanes, int tileSize = 2) =>
        PointsOf(tileSize) * Conv2DWeightPacking.PackedLength(1, paddedChannels, filters, blockWidth, lanes);

    /// <summary>
    /// Transforms 3×3 HWIO weights (<paramref name="channels"/> × <paramref name="filters"/>) and packs the 16 points'
    /// matrices, each <paramref name="paddedChannels"/> rows (zero past <paramref name="channels"/>) in blocks of
    /// <paramref name="blockWidth"/> filters.
    /// </summary>
    public static void Pack(ReadOnlySpan<float> weightsHwio, Span<float> packed, int channels, int filters, int paddedChannels, int blockWidth, int lanes, int tileSize = 2)
    {
        ShapeChecks.Exactly(weightsHwio.Length, 9L * channels * filters, nameof(weightsHwio), "3x3 taps x {0} channels x {1} filters", channels, filters);
        PackPoints(weightsHwio, packed, channels, filters, paddedChannels, blockWidth, lanes, tileSize);
    }

    /// <summary>
    /// The weights of the input gradient's Winograd convolution (<paramref name="filters"/> → <paramref name="channels"/>):
    /// U of the flipped, transposed kernel g'[ky][kx][co][ci] = g[2−ky][2−kx][ci][co], rows padded to
    /// <paramref name="paddedFilters"/>, in blocks of <paramref name="blockWidth"/> input channels.
    /// </summary>
    public static void PackFlippedTransposed(ReadOnlySpan<float> weightsHwio, Span<float> packed, int channels, int filters, int paddedFilters, int blockWidth, int lanes, int tileSize = 2)
    {
        ShapeChecks.Exactly(weightsHwio.Length, 9L * channels * filters, nameof(weightsHwio), "3x3 taps x {0} channels x {1} filters", channels, filters);
        int length = 9 * channels * filters;
        float[] flipped = t_flipped is { } f && f.Length >= length ? f : t_flipped = new float[length];
        for (int tap = 0; tap < 9; tap++)
        {
            // Written in order, read down the columns (a strided read costs less than a strided write).
            ref float source = ref Unsafe.Add(ref MemoryMarshal.GetReference(weightsHwio), (8 - tap) * channels * filters);
            ref float target = ref flipped[tap * channels * filters];
            for (int co = 0; co < filters; co++)
            {
                ref float row = ref Unsafe.Add(ref target, co * channels);
                for (int ci = 0; ci < channels; ci++)
                {
                    Unsafe.Add(ref row, ci) = Unsafe.Add(ref source, ci * filters + co);
                }
            }
        }

        PackPoints(flipped.AsSpan(0, length), packed, filters, channels, paddedFilters, blockWidth, lanes, tileSize);
    }

    // HWIO weights of a channels → filters convolution: each input channel's rows of U (one per point, all filters)
    // are computed at once, then copied into the point matrices' blocks.
    private static void PackPoints(ReadOnlySpan<float> hwio, Span<float> packed, int channels, int filters, int paddedChannels, int blockWidth, int lanes, int tileSize)
    {
        int points = PointsOf(tileSize);
        int pointLength = Conv2DWeightPacking.PackedLength(1, paddedChannels, filters, blockWidth, lanes);
        ShapeChecks.Exactly(packed.Length, (long)points * pointLength, nameof(packed), "the packed Winograd layout");
        // The copies below write every float of the layout unless it has padding rows (channels rounded up to whole
        // vectors) or blocks wider than their filters (rounded up to whole vectors): only then is it cleared first (the
        // seed model's largest layout is 1.2 MB, written twice per training step without this).
        if (paddedChannels != channels || pointLength != channels * filters)
        {
            packed.Clear();
        }

        float[] rows = t_rows is { } r && r.Length >= points * filters ? r : t_rows = new float[points * filters];
        int tapStride = channels * filters;
        for (int c = 0; c < channels; c++)
        {
            TransformRows(hwio.Slice(c * filters), tapStride, filters, rows, tileSize);

            for (int co0 = 0; co0 < filters; co0 += blockWidth)
            {
                int width = Math.Min(blockWidth, (filters - co0 + lanes - 1) / lanes * lanes);
                int used = Math.Min(width, filters - co0);
                int offset = paddedChannels * co0 + c * width;
                for (int point = 0; point < points; point++)
                {
                    rows.AsSpan(point * filters + co0, used).CopyTo(packed.Slice(point * pointLength + offset, used));
                }
            }
        }
    }

    // U = G g Gᵀ for `count` kernels side by side: tap t of kernel j is g[t·tapStride + j]; point ξ of kernel j goes
    // to u[ξ·count + j]. 8 kernels at a time with vectors, the rest one by one in the same order of operations.
    private static void TransformRows(ReadOnlySpan<float> g, int tapStride, int count, float[] u, int tileSize)
    {
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float ur = ref MemoryMarshal.GetArrayDataReference(u);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= count; j += 8)
            {
                if (tileSize == 2)
                {
                    Transform(ref gr, ref ur, tapStride, count, j);
                }
                else
                {
                    Transform4(ref gr, ref ur, tapStride, count, j);
                }
            }
        }

        for (; j < count; j++)
        {
            if (tileSize == 2)
            {
                TransformOne(g, tapStride, count, j, u);
            }
            else
            {
                Transform4One(g, tapStride, count, j, u);
            }
        }
    }

    private static void Transform(ref float g, ref float u, int tapStride, int count, int j)
    {
        var half = Vector256.Create(0.5f);
        Span<Vector256<float>> t = stackalloc Vector256<float>[12];

        // t = G g (4×3): rows g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2 over the kernel's rows.
        for (int col = 0; col < 3; col++)
        {
            Vector256<float> g0 = Vector256.LoadUnsafe(ref g, (nuint)(col * tapStride + j));
            Vector256<float> g1 = Vector256.LoadUnsafe(ref g, (nuint)((3 + col) * tapStride + j));
            Vector256<float> g2 = Vector256.LoadUnsafe(ref g, (nuint)((6 + col) * tapStride + j));
            t[col] = g0;
            t[3 + col] = half * (g0 + g1 + g2);
            t[6 + col] = half * (g0 - g1 + g2);
            t[9 + col] = g2;
        }

        // U = t Gᵀ (4×4), the same combination along each row.
        for (int row = 0; row < 4; row++)
        {
            Vector256<float> t0 = t[row * 3], t1 = t[row * 3 + 1], t2 = t[row * 3 + 2];
            t0.StoreUnsafe(ref u, (nuint)(row * 4 * count + j));
            (half * (t0 + t1 + t2)).StoreUnsafe(ref u, (nuint)((row * 4 + 1) * count + j));
            (half * (t0 - t1 + t2)).StoreUnsafe(ref u, (nuint)((row * 4 + 2) * count + j));
            t2.StoreUnsafe(ref u, (nuint)((row * 4 + 3) * count + j));
        }
    }

    // The scalar version, in the same order of operations (so both give the same bits).
    private static void TransformOne(ReadOnlySpan<float> g, int tapStride, int count, int j, float[] u)
    {
        Span<float> t = stackalloc float[12];
        for (int col = 0; col < 3; col++)
        {
            float g0 = g[col * tapStride + j], g1 = g[(3 + col) * tapStride + j], g2 = g[(6 + col) * tapStride + j];
            t[col] = g0;
            t[3 + col] = 0.5f * (g0 + g1 + g2);
            t[6 + col] = 0.5f * (g0 - g1 + g2);
            t[9 + col] = g2;
        }

        for (int row = 0; row < 4; row++)
        {
            float t0 = t[row * 3], t1 = t[row * 3 + 1], t2 = t[row * 3 + 2];
            u[row * 4 * count + j] = t0;
            u[(row * 4 + 1) * count + j] = 0.5f * (t0 + t1 + t2);
            u[(row * 4 + 2) * count + j] = 0.5f * (t0 - t1 + t2);
            u[(row * 4 + 3) * count + j] = t2;
        }
    }

    // F(4×4, 3×3)'s U = G g Gᵀ (6×6) of 8 kernels.
    private static void Transform4(ref float g, ref float u, int tapStride, int count, int j)
    {
        Span<Vector256<float>> t = stackalloc Vector256<float>[18];

        // t = G g (6×3), column by column, then U = t Gᵀ (6×6), row by row: the same combination of three values.
        for (int col = 0; col < 3; col++)
        {
            G4(Vector256.LoadUnsafe(ref g, (nuint)(col * tapStride + j)), Vector256.LoadUnsafe(ref g, (nuint)((3 + col) * tapStride + j)),
                Vector256.LoadUnsafe(ref g, (nuint)((6 + col) * tapStride + j)), out t[col], out t[3 + col], out t[6 + col], out t[9 + col], out t[12 + col], out t[15 + col]);
        }

        for (int row = 0; row < 6; row++)
        {
            G4(t[row * 3], t[row * 3 + 1], t[row * 3 + 2], out var u0, out var u1, out var u2, out var u3, out var u4, out var u5);
            nuint at = (nuint)(row * 6 * count + j), point = (nuint)count;
            u0.StoreUnsafe(ref u, at);
            u1.StoreUnsafe(ref u, at + point);
            u2.StoreUnsafe(ref u, at + 2 * point);
            u3.StoreUnsafe(ref u, at + 3 * point);
            u4.StoreUnsafe(ref u, at + 4 * point);
            u5.StoreUnsafe(ref u, at + 5 * point);
        }
    }

    private static void Transform4One(ReadOnlySpan<float> g, int tapStride, int count, int j, float[] u)
    {
        Span<float> t = stackalloc float[18];
        for (int col = 0; col < 3; col++)
        {
            G4(g[col * tapStride + j], g[(3 + col) * tapStride + j], g[(6 + col) * tapStride + j], out t[col], out t[3 + col], out t[6 + col], out t[9 + col], out t[12 + col], out t[15 + col]);
        }

        for (int row = 0; row < 6; row++)
        {
            int at = row * 6 * count + j;
            G4(t[row * 3], t[row * 3 + 1], t[row * 3 + 2], out u[at], out u[at + count], out u[at + 2 * count], out u[at + 3 * count], out u[at + 4 * count], out u[at + 5 * count]);
        }
    }

    // (r0 … r5) = G (a, b, c) with F(4×4, 3×3)'s G.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G4(Vector256<float> a, Vector256<float> b, Vector256<float> c,
        out Vector256<float> r0, out Vector256<float> r1, out Vector256<float> r2, out Vector256<float> r3, out Vector256<float> r4, out Vector256<float> r5)
    {
        Vector256<float> ac = a + c, ac24 = a * (1f / 24) + c * (1f / 6), b12 = b * (1f / 12);
        r0 = a * (1f / 4);
        r1 = (ac + b) * (-1f / 6);
        r2 = (ac - b) * (-1f / 6);
        r3 = ac24 + b12;
        r4 = ac24 - b12;
        r5 = c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G4(float a, float b, float c, out float r0, out float r1, out float r2, out float r3, out float r4, out float r5)
    {
        float ac = a + c, ac24 = a * (1f / 24) + c * (1f / 6), b12 = b * (1f / 12);
        r0 = a * (1f / 4);
        r1 = (ac + b) * (-1f / 6);
        r2 = (ac - b) * (-1f / 6);
        r3 = ac24 + b12;
        r4 = ac24 - b12;
        r5 = c;
    }

    /// <summary>
    /// The weight gradient of a Winograd layer back in HWIO: dg = Gᵀ dU G for every channel/filter pair, where
    /// <paramref name="gradientU"/> holds dU (16 points × <paramref name="paddedChannels"/> × <paramref name="filters"/>,
    /// the rows past <paramref name="channels"/> ignored). Overwrites the 3×3 × channels × filters
    /// <paramref name="gradWeights"/>.
    /// </summary>
    public static void GradientToHwio(ReadOnlySpan<float> gradientU, Span<float> gradWeights, int channels, int paddedChannels, int filters, int tileSize = 2)
    {
        int point = paddedChannels * filters;
        int points = PointsOf(tileSize);
        ShapeChecks.AtLeast(gradientU.Length, (long)points * point, nameof(gradientU), "{0} points x {1} channels x {2} filters", points, paddedChannels, filters);
        ShapeChecks.AtLeast(gradWeights.Length, 9L * channels * filters, nameof(gradWeights), "3x3 taps x {0} channels x {1} filters", channels, filters);
        ref float du = ref MemoryMarshal.GetReference(gradientU);
        ref float dg = ref MemoryMarshal.GetReference(gradWeights);
        int tap = channels * filters;
        for (int c = 0; c < channels; c++)
        {
            int k = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; k + 16 <= filters; k += 16)
                {
                    if (tileSize == 2)
                    {
                        GradientVector512(ref du, ref dg, point, tap, c * filters + k);
                    }
                    else
                    {
                        Gradient4Vector512(ref du, ref dg, point, tap, c * filters + k);
                    }
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; k + 8 <= filters; k += 8)
                {
                    if (tileSize == 2)
                    {
                        GradientVector(ref du, ref dg, point, tap, c * filters + k);
                    }
                    else
                    {
                        Gradient4Vector(ref du, ref dg, point, tap, c * filters + k);
                    }
                }
            }

            for (; k < filters; k++)
            {
                if (tileSize == 2)
                {
                    GradientOne(gradientU, gradWeights, point, tap, c * filters + k);
                }
                else
                {
                    Gradient4One(gradientU, gradWeights, point, tap, c * filters + k);
                }
            }
        }
    }

    // dg = Gᵀ dU G at element j of every point's matrix (dU) and of every tap's (dg), 8 pairs at a time.
    private static void GradientVector(ref float du, ref float dg, int point, int tap, int j)
    {
        var half = Vector256.Create(0.5f);
        Span<Vector256<float>> h = stackalloc Vector256<float>[12];

        // h = Gᵀ dU (3×4): rows dU0 + (dU1 + dU2)/2, (dU1 − dU2)/2, (dU1 + dU2)/2 + dU3 over dU's rows.
        for (int col = 0; col < 4; col++)
        {
            Vector256<float> u0 = Vector256.LoadUnsafe(ref du, (nuint)(col * point + j));
            Vector256<float> u1 = Vector256.LoadUnsafe(ref du, (nuint)((4 + col) * point + j));
            Vector256<float> u2 = Vector256.LoadUnsafe(ref du, (nuint)((8 + col) * point + j));
            Vector256<float> u3 = Vector256.LoadUnsafe(ref du, (nuint)((12 + col) * point + j));
            h[col] = u0 + half * (u1 + u2);
            h[4 + col] = half * (u1 - u2);
            h[8 + col] = half * (u1 + u2) + u3;
        }

        // dg = h G (3×3), the same combination along each row.
        for (int row = 0; row < 3; row++)
        {
            Vector256<float> h0 = h[row * 4], h1 = h[row * 4 + 1], h2 = h[row * 4 + 2], h3 = h[row * 4 + 3];
            (h0 + half * (h1 + h2)).StoreUnsafe(ref dg, (nuint)(row * 3 * tap + j));
            (half * (h1 - h2)).StoreUnsafe(ref dg, (nuint)((row * 3 + 1) * tap + j));
            (half * (h1 + h2) + h3).StoreUnsafe(ref dg, (nuint)((row * 3 + 2) * tap + j));
        }
    }

    // GradientVector over 16 pairs, its intermediate values in registers: the 16 loads of each call come from 16
    // matrices 8 K floats or more apart, so the wider vectors halve the passes over those far-apart cache lines
    // (the F(4×4) version over the seed model's 64 × 128 pairs: 170-200 µs → 100-120).
    private static void GradientVector512(ref float du, ref float dg, int point, int tap, int j)
    {
        var half = Vector512.Create(0.5f);
        nuint p = (nuint)point, at = (nuint)j;
        GT2(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + 4 * p), Vector512.LoadUnsafe(ref du, at + 8 * p), Vector512.LoadUnsafe(ref du, at + 12 * p), half, out var h00, out var h10, out var h20);
        at += p;
        GT2(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + 4 * p), Vector512.LoadUnsafe(ref du, at + 8 * p), Vector512.LoadUnsafe(ref du, at + 12 * p), half, out var h01, out var h11, out var h21);
        at += p;
        GT2(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + 4 * p), Vector512.LoadUnsafe(ref du, at + 8 * p), Vector512.LoadUnsafe(ref du, at + 12 * p), half, out var h02, out var h12, out var h22);
        at += p;
        GT2(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + 4 * p), Vector512.LoadUnsafe(ref du, at + 8 * p), Vector512.LoadUnsafe(ref du, at + 12 * p), half, out var h03, out var h13, out var h23);
        nuint t = (nuint)tap, o = (nuint)j;
        GT2(h00, h01, h02, h03, half, out var g0, out var g1, out var g2);
        g0.StoreUnsafe(ref dg, o);
        g1.StoreUnsafe(ref dg, o + t);
        g2.StoreUnsafe(ref dg, o + 2 * t);
        GT2(h10, h11, h12, h13, half, out g0, out g1, out g2);
        g0.StoreUnsafe(ref dg, o + 3 * t);
        g1.StoreUnsafe(ref dg, o + 4 * t);
        g2.StoreUnsafe(ref dg, o + 5 * t);
        GT2(h20, h21, h22, h23, half, out g0, out g1, out g2);
        g0.StoreUnsafe(ref dg, o + 6 * t);
        g1.StoreUnsafe(ref dg, o + 7 * t);
        g2.StoreUnsafe(ref dg, o + 8 * t);
    }

    // (h0, h1, h2) = Gᵀ (u0 … u3) with F(2×2, 3×3)'s G, in GradientVector's order of operations.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GT2(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3, Vector512<float> half,
        out Vector512<float> h0, out Vector512<float> h1, out Vector512<float> h2)
    {
        h0 = u0 + half * (u1 + u2);
        h1 = half * (u1 - u2);
        h2 = half * (u1 + u2) + u3;
    }

    // The scalar version, in the same order of operations.
    private static void GradientOne(ReadOnlySpan<float> du, Span<float> dg, int point, int tap, int j)
    {
        Span<float> h = stackalloc float[12];
        for (int col = 0; col < 4; col++)
        {
            float u0 = du[col * point + j], u1 = du[(4 + col) * point + j], u2 = du[(8 + col) * point + j], u3 = du[(12 + col) * point + j];
            h[col] = u0 + 0.5f * (u1 + u2);
            h[4 + col] = 0.5f * (u1 - u2);
            h[8 + col] = 0.5f * (u1 + u2) + u3;
        }

        for (int row = 0; row < 3; row++)
        {
            float h0 = h[row * 4], h1 = h[row * 4 + 1], h2 = h[row * 4 + 2], h3 = h[row * 4 + 3];
            dg[row * 3 * tap + j] = h0 + 0.5f * (h1 + h2);
            dg[(row * 3 + 1) * tap + j] = 0.5f * (h1 - h2);
            dg[(row * 3 + 2) * tap + j] = 0.5f * (h1 + h2) + h3;
        }
    }

    // F(4×4, 3×3): dg = Gᵀ dU G at element j of every point's matrix and of every tap's, 8 pairs at a time:
    // h = Gᵀ dU (3×6), column by column, then dg = h G (3×3), row by row: the same combination of six values.
    private static void Gradient4Vector(ref float du, ref float dg, int point, int tap, int j)
    {
        Span<Vector256<float>> h = stackalloc Vector256<float>[18];
        for (int col = 0; col < 6; col++)
        {
            nuint at = (nuint)(col * point + j), row = (nuint)(6 * point);
            GT4(Vector256.LoadUnsafe(ref du, at), Vector256.LoadUnsafe(ref du, at + row), Vector256.LoadUnsafe(ref du, at + 2 * row),
                Vector256.LoadUnsafe(ref du, at + 3 * row), Vector256.LoadUnsafe(ref du, at + 4 * row), Vector256.LoadUnsafe(ref du, at + 5 * row),
                out h[col], out h[6 + col], out h[12 + col]);
        }

        for (int k = 0; k < 3; k++)
        {
            GT4(h[k * 6], h[k * 6 + 1], h[k * 6 + 2], h[k * 6 + 3], h[k * 6 + 4], h[k * 6 + 5], out var g0, out var g1, out var g2);
            g0.StoreUnsafe(ref dg, (nuint)(k * 3 * tap + j));
            g1.StoreUnsafe(ref dg, (nuint)((k * 3 + 1) * tap + j));
            g2.StoreUnsafe(ref dg, (nuint)((k * 3 + 2) * tap + j));
        }
    }

    // Gradient4Vector over 16 pairs, its intermediate values in registers (see GradientVector512).
    private static void Gradient4Vector512(ref float du, ref float dg, int point, int tap, int j)
    {
        nuint row = (nuint)(6 * point), at = (nuint)j;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h00, out var h10, out var h20);
        at += (nuint)point;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h01, out var h11, out var h21);
        at += (nuint)point;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h02, out var h12, out var h22);
        at += (nuint)point;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h03, out var h13, out var h23);
        at += (nuint)point;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h04, out var h14, out var h24);
        at += (nuint)point;
        GT4(Vector512.LoadUnsafe(ref du, at), Vector512.LoadUnsafe(ref du, at + row), Vector512.LoadUnsafe(ref du, at + 2 * row), Vector512.LoadUnsafe(ref du, at + 3 * row), Vector512.LoadUnsafe(ref du, at + 4 * row), Vector512.LoadUnsafe(ref du, at + 5 * row), out var h05, out var h15, out var h25);
        nuint t = (nuint)tap, o = (nuint)j;
        GT4(h00, h01, h02, h03, h04, h05, out var g0, out var g1, out var g2);
        g0.StoreUnsafe(ref dg, o);
        g1.StoreUnsafe(ref dg, o + t);
        g2.StoreUnsafe(ref dg, o + 2 * t);
        GT4(h10, h11, h12, h13, h14, h15, out g0, out g1, out g2);
        g0.StoreUnsafe(ref dg, o + 3 * t);
        g1.StoreUnsafe(ref dg, o + 4 * t);
        g2.StoreUnsafe(ref dg, o + 5 * t);
        GT4(h20, h21, h22, h23, h24, h25, out g0, out g1, out g2);
        g0.StoreUnsafe(ref dg, o + 6 * t);
        g1.StoreUnsafe(ref dg, o + 7 * t);
        g2.StoreUnsafe(ref dg, o + 8 * t);
    }

    // (h0, h1, h2) = Gᵀ (u0 … u5) with F(4×4, 3×3)'s G, as GT4 over 256-bit vectors.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GT4(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3, Vector512<float> u4, Vector512<float> u5,
        out Vector512<float> h0, out Vector512<float> h1, out Vector512<float> h2)
    {
        Vector512<float> p12 = u1 + u2, p34 = u3 + u4;
        h0 = u0 * (1f / 4) - p12 * (1f / 6) + p34 * (1f / 24);
        h1 = (u2 - u1) * (1f / 6) + (u3 - u4) * (1f / 12);
        h2 = (p34 - p12) * (1f / 6) + u5;
    }

    // The scalar version, in the same order of operations.
    private static void Gradient4One(ReadOnlySpan<float> du, Span<float> dg, int point, int tap, int j)
    {
        Span<float> h = stackalloc float[18];
        for (int col = 0; col < 6; col++)
        {
            int at = col * point + j, row = 6 * point;
            GT4(du[at], du[at + row], du[at + 2 * row], du[at + 3 * row], du[at + 4 * row], du[at + 5 * row], out h[col], out h[6 + col], out h[12 + col]);
        }

        for (int k = 0; k < 3; k++)
        {
            GT4(h[k * 6], h[k * 6 + 1], h[k * 6 + 2], h[k * 6 + 3], h[k * 6 + 4], h[k * 6 + 5], out dg[k * 3 * tap + j], out dg[(k * 3 + 1) * tap + j], out dg[(k * 3 + 2) * tap + j]);
        }
    }

    // (h0, h1, h2) = Gᵀ (u0 … u5) with F(4×4, 3×3)'s G.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GT4(Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3, Vector256<float> u4, Vector256<float> u5,
        out Vector256<float> h0, out Vector256<float> h1, out Vector256<float> h2)
    {
        Vector256<float> p12 = u1 + u2, p34 = u3 + u4;
        h0 = u0 * (1f / 4) - p12 * (1f / 6) + p34 * (1f / 24);
        h1 = (u2 - u1) * (1f / 6) + (u3 - u4) * (1f / 12);
        h2 = (p34 - p12) * (1f / 6) + u5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GT4(float u0, float u1, float u2, float u3, float u4, float u5, out float h0, out float h1, out float h2)
    {
        float p12 = u1 + u2, p34 = u3 + u4;
        h0 = u0 * (1f / 4) - p12 * (1f / 6) + p34 * (1f / 24);
        h1 = (u2 - u1) * (1f / 6) + (u3 - u4) * (1f / 12);
        h2 = (p34 - p12) * (1f / 6) + u5;
    }
}
