using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Max pooling over NHWC images ('valid' or 'same' windows), keeping the index of each maximum for the backward pass.</summary>
internal static class PoolingKernels
{
    /// <summary>
    /// Y = max over each pool×pool window (stride <paramref name="stride"/>; with 'same' padding, positions outside
    /// the image are ignored); <paramref name="argmax"/> receives, per output element, the index within the image of
    /// the input element chosen (the first maximum).
    /// </summary>
    public static void MaxPoolForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int batch, int height, int width, int channels, int pool, int stride, Padding padding = Padding.Valid) =>
        MaxPoolForward(Pool2DGeometry.Keras(height, width, channels, pool, stride, padding), x, y, argmax, batch);

    /// <summary>Max pooling over the windows of <paramref name="g"/> (explicit pads), recording each maximum's index.</summary>
    internal static void MaxPoolForward(in Pool2DGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int batch)
    {
        int height = g.Height, width = g.Width, channels = g.Channels, pool = g.Pool, stride = g.Stride;
        int oh = g.OutputHeight, ow = g.OutputWidth, pt = g.PadTop, pl = g.PadLeft;
        int inImage = height * width * channels, outImage = oh * ow * channels;
        if (IsTiled2x2(g))
        {
            ShapeChecks.AtLeast(x.Length, (long)batch * inImage, nameof(x), "{0} images of {1} floats", batch, inImage);
            ShapeChecks.AtLeast(y.Length, (long)batch * outImage, nameof(y), "{0} images of {1} floats", batch, outImage);
            ShapeChecks.AtLeast(argmax.Length, (long)batch * outImage, nameof(argmax), "{0} images of {1} indices", batch, outImage);
            Forward2x2(x, y, argmax, batch, height, width, channels);
            return;
        }

        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xi = x.Slice(n * inImage, inImage);
            Span<float> yi = y.Slice(n * outImage, outImage);
            Span<int> ai = argmax.Slice(n * outImage, outImage);
            ref float xr = ref MemoryMarshal.GetReference(xi);
            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = Math.Max(oy * stride - pt, 0), y1 = Math.Min(oy * stride - pt + pool, height);
                for (int ox = 0; ox < ow; ox++)
                {
                    int x0 = Math.Max(ox * stride - pl, 0), x1 = Math.Min(ox * stride - pl + pool, width);
                    int outBase = (oy * ow + ox) * channels;
                    int first = (y0 * width + x0) * channels;
                    int c = 0;
                    for (; c < vectorEnd; c += Vector256<float>.Count)
                    {
                        var best = Vector256.LoadUnsafe(ref xr, (nuint)(first + c));
                        var bestIndex = Vector256.Create(first + c) + Vector256<int>.Indices;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                int at = (iy * width + ix) * channels + c;
                                var v = Vector256.LoadUnsafe(ref xr, (nuint)at);
                                var greater = Vector256.GreaterThan(v, best) | Vector256.IsNaN(v); // a NaN wins, as in PyTorch
                                best = Vector256.ConditionalSelect(greater, v, best);
                                bestIndex = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(at) + Vector256<int>.Indices, bestIndex);
                            }
                        }

                        best.StoreUnsafe(ref MemoryMarshal.GetReference(yi), (nuint)(outBase + c));
                        bestIndex.StoreUnsafe(ref MemoryMarshal.GetReference(ai), (nuint)(outBase + c));
                    }

                    for (; c < channels; c++)
                    {
                        int bestAt = first + c;
                        float best = xi[bestAt];
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                int at = (iy * width + ix) * channels + c;
                                if (xi[at] > best || float.IsNaN(xi[at]))
                                {
                                    best = xi[at];
                                    bestAt = at;
                                }
                            }
                        }

                        yi[outBase + c] = best;
                        ai[outBase + c] = bestAt;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Y = max over each pool×pool window, as <see cref="MaxPoolForward(ReadOnlySpan{float}, Span{float}, Span{int}, int, int, int, int, int, int, Padding)"/> but without recording where the maxima are
    /// (inference): one vector maximum per window position and channel vector.
    /// </summary>
    public static void MaxPoolForward(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels, int pool, int stride, Padding padding = Padding.Valid) =>
        MaxPoolForward(Pool2DGeometry.Keras(height, width, channels, pool, stride, padding), x, y, batch);

    /// <summary>Max pooling over the windows of <paramref name="g"/> (explicit pads), without the indices (inference).</summary>
    internal static void MaxPoolForward(in Pool2DGeometry g, ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        int height = g.Height, width = g.Width, channels = g.Channels, pool = g.Pool, stride = g.Stride;
        int oh = g.OutputHeight, ow = g.OutputWidth, pt = g.PadTop, pl = g.PadLeft;
        int inImage = height * width * channels, outImage = oh * ow * channels;
        ShapeChecks.AtLeast(x.Length, (long)batch * inImage, nameof(x), "{0} images of {1} floats", batch, inImage);
        ShapeChecks.AtLeast(y.Length, (long)batch * outImage, nameof(y), "{0} images of {1} floats", batch, outImage);
        int vectorEnd = channels - channels % Vector256<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (int n = 0; n < batch; n++)
        {
            nint xImage = (nint)n * inImage, yImage = (nint)n * outImage;
            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = Math.Max(oy * stride - pt, 0), y1 = Math.Min(oy * stride - pt + pool, height);
                for (int ox = 0; ox < ow; ox++)
                {
                    int x0 = Math.Max(ox * stride - pl, 0), x1 = Math.Min(ox * stride - pl + pool, width);
                    nint outBase = yImage + (oy * ow + ox) * channels;
                    nint first = xImage + (y0 * width + x0) * channels;
                    int c = 0;
                    for (; c < vectorEnd; c += Vector256<float>.Count)
                    {
                        var best = Vector256.LoadUnsafe(ref xr, (nuint)(first + c));
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                best = Vector256.Max(best, Vector256.LoadUnsafe(ref xr, (nuint)(xImage + (iy * width + ix) * channels + c)));
                            }
                        }

                        best.StoreUnsafe(ref yr, (nuint)(outBase + c));
                    }

                    for (; c < channels; c++)
                    {
                        float best = Unsafe.Add(ref xr, first + c);
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                best = Math.Max(best, Unsafe.Add(ref xr, xImage + (iy * width + ix) * channels + c));
                            }
                        }

                        Unsafe.Add(ref yr, outBase + c) = best;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The gradient of max pooling: each output gradient goes to the input element its forward pass chose
    /// (<paramref name="argmax"/>), every other input element gets 0. Non-overlapping 2×2 windows (the common
    /// <c>MaxPool2D(2)</c>) write each input element once from its window; other windows clear and scatter.
    /// </summary>
    public static void MaxPoolBackward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, Span<float> gradInput, int batch, int height, int width, int channels, int pool, int stride, Padding padding = Padding.Valid) =>
        MaxPoolBackward(Pool2DGeometry.Keras(height, width, channels, pool, stride, padding), gradOutput, argmax, gradInput, batch);

    /// <summary>The gradient of max pooling over the windows of <paramref name="g"/> (explicit pads).</summary>
    internal static void MaxPoolBackward(in Pool2DGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, Span<float> gradInput, int batch)
    {
        int height = g.Height, width = g.Width, channels = g.Channels;
        int inImage = g.InputImageLength;
        int outImage = g.OutputImageLength;
        ShapeChecks.AtLeast(gradOutput.Length, (long)batch * outImage, nameof(gradOutput), "{0} images of {1} floats", batch, outImage);
        ShapeChecks.AtLeast(argmax.Length, (long)batch * outImage, nameof(argmax), "{0} images of {1} indices", batch, outImage);
        ShapeChecks.AtLeast(gradInput.Length, (long)batch * inImage, nameof(gradInput), "{0} images of {1} floats", batch, inImage);
        if (IsTiled2x2(g))
        {
            Backward2x2(gradOutput, argmax, gradInput, batch, height, width, channels);
        }
        else
        {
            MaxPoolBackward(gradOutput, argmax, gradInput, batch, inImage, outImage);
        }
    }

    // 2×2 windows at stride 2 that start at the image's corner and stay inside it ('valid', or 'same' on even sizes,
    // which pads nothing), over whole vectors of channels: each input element is in at most one window.
    private static bool IsTiled2x2(in Pool2DGeometry g) =>
        g.Pool == 2 && g.Stride == 2 && g.Channels % Vector256<float>.Count == 0 && g.PadTop == 0 && g.PadLeft == 0 &&
        g.OutputHeight == g.Height / 2 && g.OutputWidth == g.Width / 2;

    // The four elements of each window in the generic loop's order (row by row), so ties pick the same, first, maximum.
    private static void Forward2x2(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int batch, int height, int width, int channels)
    {
        int oh = height / 2, ow = width / 2, row = width * channels;
        int inImage = height * row, outImage = oh * ow * channels;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref int ar = ref MemoryMarshal.GetReference(argmax);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int at = 2 * (oy * row + ox * channels);
                    ref float x0 = ref Unsafe.Add(ref xr, (nint)n * inImage + at);
                    nint outBase = (nint)n * outImage + (oy * ow + ox) * channels;
                    for (int c = 0; c < channels; c += Vector256<float>.Count)
                    {
                        var index = Vector256.Create(at + c) + Vector256<int>.Indices;
                        var best = Vector256.LoadUnsafe(ref x0, (nuint)c);
                        var bestIndex = index;
                        Keep(ref best, ref bestIndex, Vector256.LoadUnsafe(ref x0, (nuint)(c + channels)), index + Vector256.Create(channels));
                        Keep(ref best, ref bestIndex, Vector256.LoadUnsafe(ref x0, (nuint)(c + row)), index + Vector256.Create(row));
                        Keep(ref best, ref bestIndex, Vector256.LoadUnsafe(ref x0, (nuint)(c + row + channels)), index + Vector256.Create(row + channels));
                        best.StoreUnsafe(ref yr, (nuint)(outBase + c));
                        bestIndex.StoreUnsafe(ref ar, (nuint)(outBase + c));
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(ref Vector256<float> best, ref Vector256<int> bestIndex, Vector256<float> value, Vector256<int> index)
    {
        var greater = Vector256.GreaterThan(value, best) | Vector256.IsNaN(value); // a NaN wins, as in PyTorch
        best = Vector256.ConditionalSelect(greater, value, best);
        bestIndex = Vector256.ConditionalSelect(greater.AsInt32(), index, bestIndex);
    }

    // Each window's four input elements get its gradient where the argmax points and 0 elsewhere; the last row or
    // column of an odd-sized image, in no window, gets 0.
    private static void Backward2x2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, Span<float> gradInput, int batch, int height, int width, int channels)
    {
        int oh = height / 2, ow = width / 2, row = width * channels;
        int inImage = height * row, outImage = oh * ow * channels;
        ref float gor = ref MemoryMarshal.GetReference(gradOutput);
        ref int ar = ref MemoryMarshal.GetReference(argmax);
        for (int n = 0; n < batch; n++)
        {
            Span<float> gi = gradInput.Slice(n * inImage, inImage);
            ref float gir = ref MemoryMarshal.GetReference(gi);
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int at = 2 * (oy * row + ox * channels);
                    ref float g0 = ref Unsafe.Add(ref gir, at);
                    nint outBase = (nint)n * outImage + (oy * ow + ox) * channels;
                    for (int c = 0; c < channels; c += Vector256<float>.Count)
                    {
                        var go = Vector256.LoadUnsafe(ref gor, (nuint)(outBase + c));
                        var chosen = Vector256.LoadUnsafe(ref ar, (nuint)(outBase + c));
                        var index = Vector256.Create(at + c) + Vector256<int>.Indices;
                        Vector256.BitwiseAnd(go, Vector256.Equals(chosen, index).AsSingle()).StoreUnsafe(ref g0, (nuint)c);
                        Vector256.BitwiseAnd(go, Vector256.Equals(chosen, index + Vector256.Create(channels)).AsSingle()).StoreUnsafe(ref g0, (nuint)(c + channels));
                        Vector256.BitwiseAnd(go, Vector256.Equals(chosen, index + Vector256.Create(row)).AsSingle()).StoreUnsafe(ref g0, (nuint)(c + row));
                        Vector256.BitwiseAnd(go, Vector256.Equals(chosen, index + Vector256.Create(row + channels)).AsSingle()).StoreUnsafe(ref g0, (nuint)(c + row + channels));
                    }
                }

                if (width % 2 != 0)
                {
                    gi.Slice(2 * oy * row + (width - 1) * channels, channels).Clear();
                    gi.Slice((2 * oy + 1) * row + (width - 1) * channels, channels).Clear();
                }
            }

            if (height % 2 != 0)
            {
                gi.Slice((height - 1) * row, row).Clear();
            }
        }
    }

    /// <summary>dX = 0, then each output gradient is added at its recorded maximum.</summary>
    public static void MaxPoolBackward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, Span<float> gradInput, int batch, int inputImage, int outputImage)
    {
        gradInput.Slice(0, batch * inputImage).Clear();
        for (int n = 0; n < batch; n++)
        {
            Span<float> gi = gradInput.Slice(n * inputImage, inputImage);
            ReadOnlySpan<float> go = gradOutput.Slice(n * outputImage, outputImage);
            ReadOnlySpan<int> ai = argmax.Slice(n * outputImage, outputImage);
            for (int i = 0; i < go.Length; i++)
            {
                gi[ai[i]] += go[i];
            }
        }
    }
}
