using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// The generic depthwise convolution, vectorised over channels with every size known only at run time: the fallback
/// of generated depthwise kernels and their baseline. Weights are rows of <c>weightStride</c> floats per tap
/// (the channels, or the packed, vector-padded channels).
/// </summary>
public static class GenericDepthwiseConv2D
{
    private const int Lanes = 8;

    /// <summary>Output = depthwise correlation of the input (explicit geometry), plus bias, through the activation.</summary>
    public static void Forward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, int weightStride, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        Correlate(shape.Height, shape.Width, shape.Channels, shape.KernelSize, shape.Stride, shape.PadTop, shape.PadLeft, shape.OutputHeight, shape.OutputWidth,
            input, weights, weightStride, shape.UseBias ? bias : default, output, batch, shape.Activation);

    /// <summary>The input gradient: the output gradient, zero-upsampled at stride 2, correlated with the flipped kernel.</summary>
    public static void BackwardData(in Conv2DShape shape, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> flippedWeights, int weightStride, Span<float> gradInput, int batch)
    {
        int uh = (shape.OutputHeight - 1) * shape.Stride + 1, uw = (shape.OutputWidth - 1) * shape.Stride + 1;
        int k = shape.KernelSize, c = shape.Channels;
        if (shape.Stride == 1)
        {
            Correlate(uh, uw, c, k, 1, k - 1 - shape.PadTop, k - 1 - shape.PadLeft, shape.Height, shape.Width, gradOutput, flippedWeights, weightStride, default, gradInput, batch, Activation.None);
            return;
        }

        float[] upsampled = System.Buffers.ArrayPool<float>.Shared.Rent(uh * uw * c);
        try
        {
            for (int n = 0; n < batch; n++)
            {
                Conv2DGradients.Upsample(gradOutput.Slice(n * shape.OutputImageLength, shape.OutputImageLength), upsampled.AsSpan(0, uh * uw * c), shape.OutputHeight, shape.OutputWidth, c, shape.Stride);
                Correlate(uh, uw, c, k, 1, k - 1 - shape.PadTop, k - 1 - shape.PadLeft, shape.Height, shape.Width, upsampled, flippedWeights, weightStride,
                    default, gradInput.Slice(n * shape.InputImageLength, shape.InputImageLength), 1, Activation.None);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(upsampled);
        }
    }

    /// <summary>dW[tap][c] = Σ x[pixel + tap][c] · g[pixel][c] over the batch (overwritten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardWeights(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels, k = shape.KernelSize, s = shape.Stride;
        int oh = shape.OutputHeight, ow = shape.OutputWidth;
        gradWeights.Slice(0, k * k * c).Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    ReadOnlySpan<float> g = gradOutput.Slice(((n * oh + oy) * ow + ox) * c, c);
                    for (int ky = 0; ky < k; ky++)
                    {
                        int iy = oy * s - shape.PadTop + ky;
                        if (iy < 0 || iy >= h)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < k; kx++)
                        {
                            int ix = ox * s - shape.PadLeft + kx;
                            if (ix < 0 || ix >= w)
                            {
                                continue;
                            }

                            MultiplyAdd(input.Slice(((n * h + iy) * w + ix) * c, c), g, gradWeights.Slice((ky * k + kx) * c, c));
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Correlate(int h, int w, int c, int k, int s, int pt, int pl, int oh, int ow, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, Span<float> output, int batch, Activation activation)
    {
        bool relu = activation is Activation.Relu or Activation.Relu6;
        float ceiling = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    Span<float> o = output.Slice(((n * oh + oy) * ow + ox) * c, c);
                    if (bias.IsEmpty)
                    {
                        o.Clear();
                    }
                    else
                    {
                        bias.Slice(0, c).CopyTo(o);
                    }

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
                            if (ix >= 0 && ix < w)
                            {
                                MultiplyAdd(input.Slice(((n * h + iy) * w + ix) * c, c), weights.Slice((ky * k + kx) * weightStride, c), o);
                            }
                        }
                    }

                    if (relu)
                    {
                        for (int i = 0; i < c; i++)
                        {
                            o[i] = Math.Min(Math.Max(o[i], 0f), ceiling);
                        }
                    }
                }
            }
        }
    }

    // acc[i] += a[i] * b[i]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> acc)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + Lanes <= acc.Length; i += Lanes)
        {
            Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), Vector256.LoadUnsafe(ref cr, (nuint)i)).StoreUnsafe(ref cr, (nuint)i);
        }

        for (; i < acc.Length; i++)
        {
            acc[i] += a[i] * b[i];
        }
    }
}
