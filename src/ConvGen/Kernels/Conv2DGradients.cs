using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Memory-bound passes of a convolution's backward step, vectorised over channels.</summary>
public static class Conv2DGradients
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

        bool store = relu || gather;
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

                if (store)
                {
                    gv.StoreUnsafe(ref dp, (nuint)c);
                }

                if (bias)
                {
                    (Vector256.LoadUnsafe(ref b, (nuint)c) + gv).StoreUnsafe(ref b, (nuint)c);
                }
            }

            for (; c < filters; c++)
            {
                float gv = Unsafe.Add(ref gp, c);
                float yv = Unsafe.Add(ref yp, c);
                if (relu && !(yv > 0f && (!relu6 || yv < 6f)))
                {
                    gv = 0f;
                }

                if (store)
                {
                    Unsafe.Add(ref dp, c) = gv;
                }

                if (bias)
                {
                    Unsafe.Add(ref b, c) += gv;
                }
            }
        }
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
