using System;

namespace ConvGen.Onnx;

/// <summary>
/// Converts image batches between ONNX's (and PyTorch's) NCHW layout and ConvGen's NHWC: an imported network takes
/// and returns NHWC, as every ConvGen network does.
/// </summary>
public static class NchwLayout
{
    /// <summary>N × C × H × W → N × H × W × C.</summary>
    public static void ToNhwc(ReadOnlySpan<float> nchw, Span<float> nhwc, int batch, int channels, int height, int width) =>
        Permute(nchw, nhwc, batch, channels, height * width, toNhwc: true);

    /// <summary>N × H × W × C → N × C × H × W.</summary>
    public static void ToNchw(ReadOnlySpan<float> nhwc, Span<float> nchw, int batch, int channels, int height, int width) =>
        Permute(nhwc, nchw, batch, channels, height * width, toNhwc: false);

    /// <summary>N × C × H × W → a new N × H × W × C array.</summary>
    public static float[] ToNhwc(ReadOnlySpan<float> nchw, int batch, int channels, int height, int width)
    {
        var nhwc = new float[nchw.Length];
        ToNhwc(nchw, nhwc, batch, channels, height, width);
        return nhwc;
    }

    /// <summary>N × H × W × C → a new N × C × H × W array.</summary>
    public static float[] ToNchw(ReadOnlySpan<float> nhwc, int batch, int channels, int height, int width)
    {
        var nchw = new float[nhwc.Length];
        ToNchw(nhwc, nchw, batch, channels, height, width);
        return nchw;
    }

    private static void Permute(ReadOnlySpan<float> source, Span<float> destination, int batch, int channels, int pixels, bool toNhwc)
    {
        long length = (long)batch * channels * pixels;
        if (batch < 0 || channels < 1 || pixels < 1 || source.Length != length || destination.Length != length)
        {
            throw new ArgumentException($"{batch} images of {channels} channels x {pixels} pixels need {length} floats; got {source.Length} in and {destination.Length} out.");
        }

        for (int n = 0; n < batch; n++)
        {
            int image = n * channels * pixels;
            for (int c = 0; c < channels; c++)
            {
                for (int p = 0; p < pixels; p++)
                {
                    int nchw = image + c * pixels + p, nhwc = image + p * channels + c;
                    if (toNhwc)
                    {
                        destination[nhwc] = source[nchw];
                    }
                    else
                    {
                        destination[nchw] = source[nhwc];
                    }
                }
            }
        }
    }
}
