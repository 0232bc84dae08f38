using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Max pooling over NHWC images ('valid' windows), keeping the index of each maximum for the backward pass.</summary>
public static class PoolingKernels
{
    /// <summary>
    /// Y = max over each pool×pool window (stride <paramref name="stride"/>); <paramref name="argmax"/> receives, per
    /// output element, the index within the image of the input element chosen (the first maximum).
    /// </summary>
    public static void MaxPoolForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int batch, int height, int width, int channels, int pool, int stride)
    {
        int oh = (height - pool) / stride + 1, ow = (width - pool) / stride + 1;
        int inImage = height * width * channels, outImage = oh * ow * channels;
        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xi = x.Slice(n * inImage, inImage);
            Span<float> yi = y.Slice(n * outImage, outImage);
            Span<int> ai = argmax.Slice(n * outImage, outImage);
            ref float xr = ref MemoryMarshal.GetReference(xi);
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int outBase = (oy * ow + ox) * channels;
                    int first = (oy * stride * width + ox * stride) * channels;
                    int c = 0;
                    for (; c < vectorEnd; c += Vector256<float>.Count)
                    {
                        var best = Vector256.LoadUnsafe(ref xr, (nuint)(first + c));
                        var bestIndex = Vector256.Create(first + c) + Vector256<int>.Indices;
                        for (int py = 0; py < pool; py++)
                        {
                            for (int px = 0; px < pool; px++)
                            {
                                if (py == 0 && px == 0)
                                {
                                    continue;
                                }

                                int at = ((oy * stride + py) * width + ox * stride + px) * channels + c;
                                var v = Vector256.LoadUnsafe(ref xr, (nuint)at);
                                var greater = Vector256.GreaterThan(v, best);
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
                        for (int py = 0; py < pool; py++)
                        {
                            for (int px = 0; px < pool; px++)
                            {
                                int at = ((oy * stride + py) * width + ox * stride + px) * channels + c;
                                if (xi[at] > best)
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
