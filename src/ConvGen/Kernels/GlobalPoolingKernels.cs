using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// Global average and global max pooling (Keras's <c>GlobalAveragePooling2D</c>/<c>GlobalMaxPooling2D</c>, ONNX's
/// <c>GlobalAveragePool</c>/<c>GlobalMaxPool</c>): an NHWC image of H·W pixels becomes one vector of C channels,
/// vectorised over the channels. Global max keeps, per channel, the pixel chosen (the first maximum; a NaN wins, as in
/// PyTorch and in <see cref="PoolingKernels"/>), for its backward pass.
/// </summary>
internal static class GlobalPoolingKernels
{
    /// <summary>Y[n, c] = the mean over the pixels of image n, channel c.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> y, int batch, int pixels, int channels)
    {
        Check(x.Length, y.Length, batch, pixels, channels, nameof(x), nameof(y));
        float scale = 1f / pixels;
        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ref float xr = ref MemoryMarshal.GetReference(x.Slice(n * pixels * channels));
            ref float yr = ref MemoryMarshal.GetReference(y.Slice(n * channels));
            int c = 0;
            for (; c < vectorEnd; c += Vector256<float>.Count)
            {
                var sum = Vector256<float>.Zero;
                for (int p = 0; p < pixels; p++)
                {
                    sum += Vector256.LoadUnsafe(ref xr, (nuint)(p * channels + c));
                }

                (sum * scale).StoreUnsafe(ref yr, (nuint)c);
            }

            for (; c < channels; c++)
            {
                float sum = 0f;
                for (int p = 0; p < pixels; p++)
                {
                    sum += Unsafe.Add(ref xr, p * channels + c);
                }

                Unsafe.Add(ref yr, c) = sum * scale;
            }
        }
    }

    /// <summary>dX[n, p, c] = dY[n, c] / pixels (overwrites <paramref name="gradInput"/>).</summary>
    public static void AverageBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, int batch, int pixels, int channels)
    {
        Check(gradInput.Length, gradOutput.Length, batch, pixels, channels, nameof(gradInput), nameof(gradOutput));
        float scale = 1f / pixels;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> dy = gradOutput.Slice(n * channels, channels);
            Span<float> dx = gradInput.Slice(n * pixels * channels, pixels * channels);
            for (int p = 0; p < pixels; p++)
            {
                Span<float> row = dx.Slice(p * channels, channels);
                for (int c = 0; c < channels; c++)
                {
                    row[c] = dy[c] * scale;
                }
            }
        }
    }

    /// <summary>
    /// Y[n, c] = the maximum over the pixels of image n, channel c; <paramref name="argmax"/>[n, c] receives the pixel
    /// chosen (0 to pixels − 1).
    /// </summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int batch, int pixels, int channels)
    {
        Check(x.Length, y.Length, batch, pixels, channels, nameof(x), nameof(y));
        ShapeChecks.AtLeast(argmax.Length, (long)batch * channels, nameof(argmax), "{0} images of {1} indices", batch, channels);
        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ref float xr = ref MemoryMarshal.GetReference(x.Slice(n * pixels * channels));
            ref float yr = ref MemoryMarshal.GetReference(y.Slice(n * channels));
            ref int ar = ref MemoryMarshal.GetReference(argmax.Slice(n * channels));
            int c = 0;
            for (; c < vectorEnd; c += Vector256<float>.Count)
            {
                var best = Vector256.LoadUnsafe(ref xr, (nuint)c);
                var bestPixel = Vector256<int>.Zero;
                for (int p = 1; p < pixels; p++)
                {
                    var v = Vector256.LoadUnsafe(ref xr, (nuint)(p * channels + c));
                    var wins = (Vector256.GreaterThan(v, best) | Vector256.IsNaN(v)) & ~Vector256.IsNaN(best);
                    best = Vector256.ConditionalSelect(wins, v, best);
                    bestPixel = Vector256.ConditionalSelect(wins.AsInt32(), Vector256.Create(p), bestPixel);
                }

                best.StoreUnsafe(ref yr, (nuint)c);
                bestPixel.StoreUnsafe(ref ar, (nuint)c);
            }

            for (; c < channels; c++)
            {
                float best = Unsafe.Add(ref xr, c);
                int bestPixel = 0;
                for (int p = 1; p < pixels; p++)
                {
                    float v = Unsafe.Add(ref xr, p * channels + c);
                    if ((v > best || float.IsNaN(v)) && !float.IsNaN(best))
                    {
                        best = v;
                        bestPixel = p;
                    }
                }

                Unsafe.Add(ref yr, c) = best;
                Unsafe.Add(ref ar, c) = bestPixel;
            }
        }
    }

    /// <summary>dX = dY at each channel's chosen pixel, 0 elsewhere (overwrites <paramref name="gradInput"/>).</summary>
    public static void MaxBackward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, Span<float> gradInput, int batch, int pixels, int channels)
    {
        Check(gradInput.Length, gradOutput.Length, batch, pixels, channels, nameof(gradInput), nameof(gradOutput));
        ShapeChecks.AtLeast(argmax.Length, (long)batch * channels, nameof(argmax), "{0} images of {1} indices", batch, channels);
        gradInput.Slice(0, batch * pixels * channels).Clear();
        for (int n = 0; n < batch; n++)
        {
            int image = n * pixels * channels;
            for (int c = 0; c < channels; c++)
            {
                int at = n * channels + c;
                int pixel = argmax[at];
                if ((uint)pixel >= (uint)pixels)
                {
                    throw new ArgumentException($"argmax[{at}] is {pixel}, not a pixel of an image of {pixels}.", nameof(argmax));
                }

                gradInput[image + pixel * channels + c] = gradOutput[at];
            }
        }
    }

    private static void Check(int inputLength, int outputLength, int batch, int pixels, int channels, string inputName, string outputName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ShapeChecks.AtLeast(inputLength, (long)batch * pixels * channels, inputName, "{0} images of {1} pixels of {2} channels", batch, pixels, channels);
        ShapeChecks.AtLeast(outputLength, (long)batch * channels, outputName, "{0} images of {1} channels", batch, channels);
    }
}
