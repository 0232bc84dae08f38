using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// The generic convolution: the same algorithm as the generated kernels (NHWC, output channels in vectors,
/// a block of output pixels in registers, broadcast-FMA over taps and input channels) with every size known only
/// at run time. It reads HWIO weights directly. It is the fallback of generated kernels and the baseline they are
/// measured against.
/// </summary>
public static class GenericConv2D
{
    private const int Lanes = 8;
    private const int TilePixels = 4;

    /// <summary>Computes <paramref name="batch"/> NHWC output images from HWIO weights.</summary>
    public static void Forward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weightsHwio, ReadOnlySpan<float> bias, Span<float> output, int batch)
        => Forward(shape, input, weightsHwio, bias, output, batch, Conv2DWeightLayout.Hwio(shape.Filters));

    /// <summary>Computes <paramref name="batch"/> NHWC output images from weights in <paramref name="layout"/>.</summary>
    public static void Forward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, int batch, Conv2DWeightLayout layout)
    {
        KernelArguments.CheckConvolution(shape, input.Length, weights.Length, layout.Length(shape), bias.Length, output.Length, batch);
        var e = new Explicit(shape.Height, shape.Width, shape.Channels, shape.Filters, shape.KernelSize, shape.Stride, shape.PadTop, shape.PadLeft,
            shape.OutputHeight, shape.OutputWidth, shape.Activation, shape.UseBias, shape.OutputPixelStride);
        Correlate(e, input, weights, bias, output, batch, layout);
    }

    /// <summary>
    /// The convolution with a residual Add: output = <paramref name="activation"/>(conv(input) + bias + residual), the
    /// residual shaped like the dense output. The fallback of generated <c>ForwardResidual</c> kernels.
    /// </summary>
    public static void ForwardResidual(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, Conv2DWeightLayout layout, Activation activation)
    {
        if (shape.WritesSlice || shape.Activation != Activation.None)
        {
            throw new ArgumentException($"A residual is added to a dense output without activation of its own, not to the {shape} convolution.", nameof(shape));
        }

        KernelArguments.CheckResidual(shape, residual.Length, batch);
        Forward(shape, input, weights, bias, output, batch, layout);
        int length = batch * shape.OutputImageLength;
        VectorMath.AddInPlace(output.Slice(0, length), residual.Slice(0, length));
        VectorMath.Activate(output.Slice(0, length), activation);
    }

    /// <summary>
    /// The input gradient: the stride-1 correlation of the (zero-upsampled, at stride 2) output gradient with the
    /// kernel flipped and transposed, as packed by <see cref="__Internals.Conv2DWeightPacking.PackFlippedTransposed"/>.
    /// </summary>
    public static void BackwardData(in Conv2DShape shape, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedFlipped, Span<float> gradInput, int batch, Conv2DWeightLayout layout)
    {
        int uh = (shape.OutputHeight - 1) * shape.Stride + 1, uw = (shape.OutputWidth - 1) * shape.Stride + 1;
        var e = new Explicit(uh, uw, shape.Filters, shape.Channels, shape.KernelSize, 1, shape.KernelSize - 1 - shape.PadTop, shape.KernelSize - 1 - shape.PadLeft,
            shape.Height, shape.Width, Activation.None, false, shape.Channels);
        if (shape.Stride == 1)
        {
            Correlate(e, gradOutput, packedFlipped, default, gradInput, batch, layout);
            return;
        }

        float[] upsampled = ArrayPool<float>.Shared.Rent(uh * uw * shape.Filters);
        try
        {
            for (int n = 0; n < batch; n++)
            {
                Conv2DGradients.Upsample(gradOutput.Slice(n * shape.OutputImageLength, shape.OutputImageLength), upsampled.AsSpan(0, uh * uw * shape.Filters),
                    shape.OutputHeight, shape.OutputWidth, shape.Filters, shape.Stride);
                Correlate(e, upsampled, packedFlipped, default, gradInput.Slice(n * shape.InputImageLength, shape.InputImageLength), 1, layout);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(upsampled);
        }
    }

    /// <summary>The HWIO weight gradient summed over the batch, added to <paramref name="gradWeights"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardWeights(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)
    {
        KernelArguments.CheckWeightGradient(shape, input.Length, gradOutput.Length, gradWeights.Length, batch);
        int h = shape.Height, w = shape.Width, c = shape.Channels, f = shape.Filters, k = shape.KernelSize, s = shape.Stride;
        int oh = shape.OutputHeight, ow = shape.OutputWidth, pt = shape.PadTop, pl = shape.PadLeft;
        int vectorEnd = f - f % Lanes;
        ref float dw = ref MemoryMarshal.GetReference(gradWeights);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    ReadOnlySpan<float> g = gradOutput.Slice(((n * oh + oy) * ow + ox) * f, f);
                    ref float gp = ref MemoryMarshal.GetReference(g);
                    for (int ky = 0; ky < k; ky++)
                    {
                        int iy = oy * s - pt + ky;
                        if (iy < 0 || iy >= h)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < k; kx++)
                        {
                            int ix = ox * s - pl + kx;
                            if (ix < 0 || ix >= w)
                            {
                                continue;
                            }

                            ReadOnlySpan<float> x = input.Slice(((n * h + iy) * w + ix) * c, c);
                            for (int ci = 0; ci < c; ci++)
                            {
                                ref float row = ref Unsafe.Add(ref dw, ((ky * k + kx) * c + ci) * f);
                                var xv = Vector256.Create(x[ci]);
                                int co = 0;
                                for (; co < vectorEnd; co += Lanes)
                                {
                                    Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref gp, (nuint)co), Vector256.LoadUnsafe(ref row, (nuint)co)).StoreUnsafe(ref row, (nuint)co);
                                }

                                for (; co < f; co++)
                                {
                                    Unsafe.Add(ref row, co) += x[ci] * g[co];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // A correlation with explicit padding and output size, over output-channel blocks of the layout.
    private static void Correlate(in Explicit e, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, int batch, Conv2DWeightLayout layout)
    {
        if (batch == 0)
        {
            return;
        }

        int offset = 0;
        for (int co0 = 0; co0 < e.F; co0 += layout.BlockWidth)
        {
            int used = Math.Min(layout.BlockWidth, e.F - co0);
            int width = used == layout.BlockWidth ? used : (used + layout.Lanes - 1) / layout.Lanes * layout.Lanes;
            var g = new Geometry(e, co0, used, width);
            ForwardBlock(in g, input, weights.Slice(offset), bias, output, batch);
            offset += e.K * e.K * e.C * width;
        }
    }

    // OutStride: floats between output pixels (F, or a concatenation's channels when writing a slice).
    private readonly record struct Explicit(int H, int W, int C, int F, int K, int S, int PadTop, int PadLeft, int OH, int OW, Activation Activation, bool Bias, int OutStride);

    // One block of output channels [co0, co0 + F) whose weights are rows of RowStride floats per (tap, channel).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBlock(in Geometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, int batch)
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float o = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), g.Co0);
        ref float b = ref g.Bias ? ref Unsafe.Add(ref MemoryMarshal.GetReference(bias), g.Co0) : ref MemoryMarshal.GetReference(bias);
        for (int n = 0; n < batch; n++)
        {
            ref float xi = ref Unsafe.Add(ref x, (nint)n * g.H * g.W * g.C);
            ref float oi = ref Unsafe.Add(ref o, (nint)n * g.OH * g.OW * g.OutStride);
            for (int oy = 0; oy < g.OH; oy++)
            {
                int iy0 = oy * g.S - g.PadTop;
                int kyLo = Math.Max(0, -iy0);
                int kyHi = Math.Min(g.K, g.H - iy0);
                int ox = 0;
                while (ox < g.OW)
                {
                    int ix0 = ox * g.S - g.PadLeft;
                    bool fullTile = ox + TilePixels <= g.OW && ix0 >= 0 && (ox + TilePixels - 1) * g.S - g.PadLeft + g.K <= g.W;
                    ref float op = ref Unsafe.Add(ref oi, ((nint)oy * g.OW + ox) * g.OutStride);
                    if (fullTile)
                    {
                        Tile(in g, ref xi, ref w, ref b, ref op, iy0, ix0, kyLo, kyHi);
                        ox += TilePixels;
                    }
                    else
                    {
                        int kxLo = Math.Max(0, -ix0);
                        int kxHi = Math.Min(g.K, g.W - ix0);
                        Pixel(in g, ref xi, ref w, ref b, ref op, iy0, ix0, kyLo, kyHi, kxLo, kxHi);
                        ox++;
                    }
                }
            }
        }
    }

    private readonly struct Geometry
    {
        // F: channels of this block; RowStride: weight floats per (tap, channel); OutStride: output floats per pixel.
        public readonly int H, W, C, F, K, S, OH, OW, PadTop, PadLeft, Co0, RowStride, OutStride;
        public readonly bool Relu, Bias;
        public readonly float Ceiling;

        public Geometry(in Explicit e, int co0, int filters, int rowStride)
        {
            H = e.H; W = e.W; C = e.C; F = filters; K = e.K; S = e.S;
            Co0 = co0; RowStride = rowStride; OutStride = e.OutStride;
            OH = e.OH; OW = e.OW; PadTop = e.PadTop; PadLeft = e.PadLeft;
            Relu = e.Activation is Activation.Relu or Activation.Relu6;
            Ceiling = e.Activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
            Bias = e.Bias;
        }
    }

    // Four adjacent output pixels whose horizontal taps are all inside the image; 2 × 8 output channels at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(in Geometry g, ref float x, ref float w, ref float b, ref float o, int iy0, int ix0, int kyLo, int kyHi)
    {
        int pixelStep = g.S * g.C;
        int co = 0;
        for (; co + 2 * Lanes <= g.F; co += 2 * Lanes)
        {
            var bias0 = g.Bias ? Vector256.LoadUnsafe(ref b, (nuint)co) : Vector256<float>.Zero;
            var bias1 = g.Bias ? Vector256.LoadUnsafe(ref b, (nuint)(co + Lanes)) : Vector256<float>.Zero;
            Vector256<float> a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
            for (int ky = kyLo; ky < kyHi; ky++)
            {
                for (int kx = 0; kx < g.K; kx++)
                {
                    ref float xp = ref Unsafe.Add(ref x, ((nint)(iy0 + ky) * g.W + ix0 + kx) * g.C);
                    ref float wp = ref Unsafe.Add(ref w, (nint)(ky * g.K + kx) * g.C * g.RowStride + co);
                    for (int ci = 0; ci < g.C; ci++)
                    {
                        var w0 = Vector256.LoadUnsafe(ref wp);
                        var w1 = Vector256.LoadUnsafe(ref wp, Lanes);
                        var x0 = Vector256.Create(Unsafe.Add(ref xp, ci));
                        var x1 = Vector256.Create(Unsafe.Add(ref xp, ci + pixelStep));
                        var x2 = Vector256.Create(Unsafe.Add(ref xp, ci + 2 * pixelStep));
                        var x3 = Vector256.Create(Unsafe.Add(ref xp, ci + 3 * pixelStep));
                        a00 = Vector256.MultiplyAddEstimate(x0, w0, a00);
                        a01 = Vector256.MultiplyAddEstimate(x0, w1, a01);
                        a10 = Vector256.MultiplyAddEstimate(x1, w0, a10);
                        a11 = Vector256.MultiplyAddEstimate(x1, w1, a11);
                        a20 = Vector256.MultiplyAddEstimate(x2, w0, a20);
                        a21 = Vector256.MultiplyAddEstimate(x2, w1, a21);
                        a30 = Vector256.MultiplyAddEstimate(x3, w0, a30);
                        a31 = Vector256.MultiplyAddEstimate(x3, w1, a31);
                        wp = ref Unsafe.Add(ref wp, g.RowStride);
                    }
                }
            }

            Store(ref Unsafe.Add(ref o, co), a00, g);
            Store(ref Unsafe.Add(ref o, co + Lanes), a01, g);
            Store(ref Unsafe.Add(ref o, g.OutStride + co), a10, g);
            Store(ref Unsafe.Add(ref o, g.OutStride + co + Lanes), a11, g);
            Store(ref Unsafe.Add(ref o, 2 * g.OutStride + co), a20, g);
            Store(ref Unsafe.Add(ref o, 2 * g.OutStride + co + Lanes), a21, g);
            Store(ref Unsafe.Add(ref o, 3 * g.OutStride + co), a30, g);
            Store(ref Unsafe.Add(ref o, 3 * g.OutStride + co + Lanes), a31, g);
        }

        for (int p = 0; p < TilePixels; p++)
        {
            Rest(in g, ref x, ref w, ref b, ref Unsafe.Add(ref o, p * g.OutStride), co, iy0, ix0 + p * g.S, kyLo, kyHi, 0, g.K);
        }
    }

    // One output pixel with any tap range (borders), 8 output channels at a time.
    private static void Pixel(in Geometry g, ref float x, ref float w, ref float b, ref float o, int iy0, int ix0, int kyLo, int kyHi, int kxLo, int kxHi)
        => Rest(in g, ref x, ref w, ref b, ref o, 0, iy0, ix0, kyLo, kyHi, kxLo, kxHi);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rest(in Geometry g, ref float x, ref float w, ref float b, ref float o, int co, int iy0, int ix0, int kyLo, int kyHi, int kxLo, int kxHi)
    {
        for (; co + Lanes <= g.F; co += Lanes)
        {
            var acc = g.Bias ? Vector256.LoadUnsafe(ref b, (nuint)co) : Vector256<float>.Zero;
            for (int ky = kyLo; ky < kyHi; ky++)
            {
                for (int kx = kxLo; kx < kxHi; kx++)
                {
                    ref float xp = ref Unsafe.Add(ref x, ((nint)(iy0 + ky) * g.W + ix0 + kx) * g.C);
                    ref float wp = ref Unsafe.Add(ref w, (nint)(ky * g.K + kx) * g.C * g.RowStride + co);
                    for (int ci = 0; ci < g.C; ci++)
                    {
                        acc = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref xp, ci)), Vector256.LoadUnsafe(ref wp), acc);
                        wp = ref Unsafe.Add(ref wp, g.RowStride);
                    }
                }
            }

            Store(ref Unsafe.Add(ref o, co), acc, g);
        }

        for (; co < g.F; co++)
        {
            float sum = g.Bias ? Unsafe.Add(ref b, co) : 0f;
            for (int ky = kyLo; ky < kyHi; ky++)
            {
                for (int kx = kxLo; kx < kxHi; kx++)
                {
                    ref float xp = ref Unsafe.Add(ref x, ((nint)(iy0 + ky) * g.W + ix0 + kx) * g.C);
                    ref float wp = ref Unsafe.Add(ref w, (nint)(ky * g.K + kx) * g.C * g.RowStride + co);
                    for (int ci = 0; ci < g.C; ci++)
                    {
                        sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xp, ci), Unsafe.Add(ref wp, (nint)ci * g.RowStride), sum);
                    }
                }
            }

            Unsafe.Add(ref o, co) = g.Relu ? Math.Min(Math.Max(sum, 0f), g.Ceiling) : sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float destination, Vector256<float> value, in Geometry g)
    {
        if (g.Relu)
        {
            value = VectorMath.Relu(value, Vector256.Create(g.Ceiling));
        }

        value.StoreUnsafe(ref destination);
    }
}
