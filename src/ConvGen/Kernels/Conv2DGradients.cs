using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Memory-bound passes of a convolution's backward step, vectorised over channels.</summary>
internal static class Conv2DGradients
{
    /// <summary>
    /// In one pass over <paramref name="pixels"/> × <paramref name="filters"/> values: applies the activation's
    /// derivative from its output (ReLU: zero where the output is not positive; ReLU6: zero unless 0 &lt; y &lt; 6) and
    /// sums the result per channel into <paramref name="gradBias"/> (when <paramref name="bias"/>; overwritten).
    /// </summary>
    public static void ActivationAndBias(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, long pixels, int filters, Activation activation, bool bias) =>
        Pass(output, gradOutput, filters, gradOutput, gradBias, pixels, filters, activation, bias, gather: false);

    /// <summary>
    /// <see cref="ActivationAndBias"/> for a layer that wrote its channel slice of a concatenation: reads the output
    /// and its gradient at <paramref name="pixelStride"/> floats per pixel (spans starting at the slice) and writes the
    /// pre-activation gradient densely into <paramref name="gradPreActivation"/>. This pass is the concatenation's
    /// gradient split: there is no separate copy.
    /// </summary>
    public static void GatherActivationAndBias(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, int pixelStride, Span<float> gradPreActivation, Span<float> gradBias, long pixels, int filters, Activation activation, bool bias)
    {
        if (pixels > 0 && (output.Length < (pixels - 1) * pixelStride + filters || gradOutput.Length < (pixels - 1) * pixelStride + filters || gradPreActivation.Length < pixels * filters))
        {
            throw new ArgumentException($"{pixels} pixels of {filters} channels at a stride of {pixelStride} need {(pixels - 1) * pixelStride + filters} floats of output and gradient " +
                $"and {pixels * filters} of destination; got {output.Length}, {gradOutput.Length} and {gradPreActivation.Length}.");
        }

        Pass(output, gradOutput, pixelStride, gradPreActivation, gradBias, pixels, filters, activation, bias, gather: true);
    }

    private static void Pass(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, int stride, Span<float> destination, Span<float> gradBias, long pixels, int filters, Activation activation, bool bias, bool gather)
    {
        bool relu = activation is Activation.Relu or Activation.Relu6;
        bool relu6 = activation == Activation.Relu6;
        if (bias)
        {
            gradBias.Slice(0, filters).Clear();
        }

        if (!relu && !bias && !gather)
        {
            return;
        }

        // Without an activation to apply or a slice to gather, only the bias gradient is left to compute.
        if (!relu && !gather)
        {
            SumBias(ref MemoryMarshal.GetReference(gradOutput), stride, ref MemoryMarshal.GetReference(gradBias), pixels, filters);
            return;
        }

        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(gradOutput);
        ref float d = ref MemoryMarshal.GetReference(destination);
        ref float b = ref MemoryMarshal.GetReference(gradBias);
        int vectorEnd = filters - filters % Vector256<float>.Count;
        for (long p = 0; p < pixels; p++)
        {
            ref float yp = ref Unsafe.Add(ref y, (nint)(p * stride));
            ref float gp = ref Unsafe.Add(ref g, (nint)(p * stride));
            ref float dp = ref Unsafe.Add(ref d, (nint)(p * filters));
            int c = 0;
            for (; c < vectorEnd; c += Vector256<float>.Count)
            {
                var gv = Vector256.LoadUnsafe(ref gp, (nuint)c);
                if (relu)
                {
                    var yv = Vector256.LoadUnsafe(ref yp, (nuint)c);
                    var active = Vector256.GreaterThan(yv, Vector256<float>.Zero);
                    if (relu6)
                    {
                        active = Vector256.BitwiseAnd(active, Vector256.LessThan(yv, Vector256.Create(6f)));
                    }

                    gv = Vector256.BitwiseAnd(gv, active);
                }

                gv.StoreUnsafe(ref dp, (nuint)c);
            }

            for (; c < filters; c++)
            {
                float gv = Unsafe.Add(ref gp, c);
                float yv = Unsafe.Add(ref yp, c);
                if (relu && !(yv > 0f && (!relu6 || yv < 6f)))
                {
                    gv = 0f;
                }

                Unsafe.Add(ref dp, c) = gv;
            }
        }

        // The bias gradient sums the pre-activation gradient just written (in cache), in registers.
        if (bias)
        {
            SumBias(ref d, filters, ref b, pixels, filters);
        }
    }

    // db[c] = Σ over pixels of g[p][c], summed in registers down all the pixels, eight vectors of channels at a time
    // (one pass over 64 channels), or four over two pixels at once: adding each pixel into db in memory made every add
    // wait for the previous one's store (1 ns per vector; 0.1–0.4 here, the rest is reading the gradient).
    private static void SumBias(ref float g, int stride, ref float b, long pixels, int filters)
    {
        int lanes = Vector256<float>.Count;
        int c = 0;
        for (; c + 8 * lanes <= filters; c += 8 * lanes)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            ref float gc = ref Unsafe.Add(ref g, c);
            for (long p = 0; p < pixels; p++)
            {
                ref float gp = ref Unsafe.Add(ref gc, (nint)(p * stride));
                s0 += Vector256.LoadUnsafe(ref gp);
                s1 += Vector256.LoadUnsafe(ref gp, (nuint)lanes);
                s2 += Vector256.LoadUnsafe(ref gp, (nuint)(2 * lanes));
                s3 += Vector256.LoadUnsafe(ref gp, (nuint)(3 * lanes));
                s4 += Vector256.LoadUnsafe(ref gp, (nuint)(4 * lanes));
                s5 += Vector256.LoadUnsafe(ref gp, (nuint)(5 * lanes));
                s6 += Vector256.LoadUnsafe(ref gp, (nuint)(6 * lanes));
                s7 += Vector256.LoadUnsafe(ref gp, (nuint)(7 * lanes));
            }

            AddTo(ref b, c, s0, s1, s2, s3);
            AddTo(ref b, c + 4 * lanes, s4, s5, s6, s7);
        }

        for (; c + 4 * lanes <= filters; c += 4 * lanes)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
            ref float gc = ref Unsafe.Add(ref g, c);
            long p = 0;
            for (; p + 1 < pixels; p += 2)
            {
                ref float gp = ref Unsafe.Add(ref gc, (nint)(p * stride));
                ref float gq = ref Unsafe.Add(ref gp, stride);
                s0 += Vector256.LoadUnsafe(ref gp);
                s1 += Vector256.LoadUnsafe(ref gp, (nuint)lanes);
                s2 += Vector256.LoadUnsafe(ref gp, (nuint)(2 * lanes));
                s3 += Vector256.LoadUnsafe(ref gp, (nuint)(3 * lanes));
                t0 += Vector256.LoadUnsafe(ref gq);
                t1 += Vector256.LoadUnsafe(ref gq, (nuint)lanes);
                t2 += Vector256.LoadUnsafe(ref gq, (nuint)(2 * lanes));
                t3 += Vector256.LoadUnsafe(ref gq, (nuint)(3 * lanes));
            }

            if (p < pixels)
            {
                ref float gp = ref Unsafe.Add(ref gc, (nint)(p * stride));
                s0 += Vector256.LoadUnsafe(ref gp);
                s1 += Vector256.LoadUnsafe(ref gp, (nuint)lanes);
                s2 += Vector256.LoadUnsafe(ref gp, (nuint)(2 * lanes));
                s3 += Vector256.LoadUnsafe(ref gp, (nuint)(3 * lanes));
            }

            AddTo(ref b, c, s0 + t0, s1 + t1, s2 + t2, s3 + t3);
        }

        for (; c + lanes <= filters; c += lanes)
        {
            Vector256<float> s0 = default;
            for (long p = 0; p < pixels; p++)
            {
                s0 += Vector256.LoadUnsafe(ref Unsafe.Add(ref g, (nint)(p * stride) + c));
            }

            (Vector256.LoadUnsafe(ref b, (nuint)c) + s0).StoreUnsafe(ref b, (nuint)c);
        }

        for (; c < filters; c++)
        {
            float sum = 0;
            for (long p = 0; p < pixels; p++)
            {
                sum += Unsafe.Add(ref g, (nint)(p * stride) + c);
            }

            Unsafe.Add(ref b, c) += sum;
        }
    }

    // b[c .. c + 4 vectors) += s0..s3.
    private static void AddTo(ref float b, int c, Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        int lanes = Vector256<float>.Count;
        (Vector256.LoadUnsafe(ref b, (nuint)c) + s0).StoreUnsafe(ref b, (nuint)c);
        (Vector256.LoadUnsafe(ref b, (nuint)(c + lanes)) + s1).StoreUnsafe(ref b, (nuint)(c + lanes));
        (Vector256.LoadUnsafe(ref b, (nuint)(c + 2 * lanes)) + s2).StoreUnsafe(ref b, (nuint)(c + 2 * lanes));
        (Vector256.LoadUnsafe(ref b, (nuint)(c + 3 * lanes)) + s3).StoreUnsafe(ref b, (nuint)(c + 3 * lanes));
    }

    /// <summary>
    /// Writes one gradient image of <paramref name="height"/> × <paramref name="width"/> × <paramref name="channels"/>
    /// into <paramref name="upsampled"/> with <paramref name="stride"/> − 1 zero rows and columns between pixels:
    /// the input of a stride-2 convolution's input gradient.
    /// </summary>
    public static void Upsample(ReadOnlySpan<float> gradOutput, Span<float> upsampled, int height, int width, int channels, int stride)
    {
        int uw = (width - 1) * stride + 1;
        upsampled.Clear();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                gradOutput.Slice((y * width + x) * channels, channels).CopyTo(upsampled.Slice((y * stride * uw + x * stride) * channels, channels));
            }
        }
    }
}
