using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>Max pooling, with (training) and without (inference) the argmax, against a plain loop.</summary>
public class PoolingKernelTests
{
    [Theory]
    [InlineData(28, 28, 32, 2, 2, Padding.Valid)]
    [InlineData(7, 7, 32, 2, 2, Padding.Valid)]
    [InlineData(9, 7, 13, 3, 1, Padding.Same)]
    [InlineData(5, 6, 3, 3, 2, Padding.Same)]
    [InlineData(1, 1, 9, 2, 2, Padding.Same)]
    public void BothForwardPassesMatchAPlainLoop(int height, int width, int channels, int pool, int stride, Padding padding)
    {
        const int batch = 3;
        int oh = KerasReference.OutputSize(height, pool, stride, padding), ow = KerasReference.OutputSize(width, pool, stride, padding);
        int pt = KerasReference.PadBefore(height, pool, stride, padding), pl = KerasReference.PadBefore(width, pool, stride, padding);
        float[] x = TestData.Uniform(batch * height * width * channels, 5);
        var expected = new float[batch * oh * ow * channels];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        float best = float.NegativeInfinity;
                        for (int iy = Math.Max(oy * stride - pt, 0); iy < Math.Min(oy * stride - pt + pool, height); iy++)
                        {
                            for (int ix = Math.Max(ox * stride - pl, 0); ix < Math.Min(ox * stride - pl + pool, width); ix++)
                            {
                                best = Math.Max(best, x[((n * height + iy) * width + ix) * channels + c]);
                            }
                        }

                        expected[((n * oh + oy) * ow + ox) * channels + c] = best;
                    }
                }
            }
        }

        var training = new float[expected.Length];
        var argmax = new int[expected.Length];
        PoolingKernels.MaxPoolForward(x, training, argmax, batch, height, width, channels, pool, stride, padding);
        var inference = new float[expected.Length + 8];
        Array.Fill(inference, 12345f);
        PoolingKernels.MaxPoolForward(x, inference, batch, height, width, channels, pool, stride, padding);
        Assert.Equal(expected, training);
        Assert.Equal(expected, inference.AsSpan(0, expected.Length).ToArray());
        Assert.All(inference.AsSpan(expected.Length).ToArray(), v => Assert.Equal(12345f, v));
        int image = height * width * channels, outImage = oh * ow * channels;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], x[i / outImage * image + argmax[i]]);
        }

        var ex = Assert.Throws<ArgumentException>(() => PoolingKernels.MaxPoolForward(x.AsSpan(1), inference, batch, height, width, channels, pool, stride, padding));
        Assert.Contains($"needs at least {batch * image}", ex.Message);
    }

    [Theory]
    [InlineData(28, 28, 32, 2, 2, Padding.Valid)]
    [InlineData(7, 7, 64, 2, 2, Padding.Valid)]
    [InlineData(5, 6, 8, 2, 2, Padding.Valid)]
    [InlineData(8, 6, 16, 2, 2, Padding.Same)]
    [InlineData(7, 6, 16, 2, 2, Padding.Same)]
    [InlineData(6, 6, 12, 2, 2, Padding.Valid)]
    [InlineData(9, 7, 13, 3, 1, Padding.Same)]
    [InlineData(1, 1, 8, 2, 2, Padding.Same)]
    public void TheBackwardPassSendsEachGradientToTheFirstMaximumOfItsWindow(int height, int width, int channels, int pool, int stride, Padding padding)
    {
        const int batch = 3;
        int oh = KerasReference.OutputSize(height, pool, stride, padding), ow = KerasReference.OutputSize(width, pool, stride, padding);
        int pt = KerasReference.PadBefore(height, pool, stride, padding), pl = KerasReference.PadBefore(width, pool, stride, padding);
        int image = height * width * channels, outImage = oh * ow * channels;
        // Few distinct values, so that many windows hold ties: the gradient must go to the first maximum, row by row.
        float[] x = Array.ConvertAll(TestData.Uniform(batch * image, 11), v => MathF.Round(v * 2f));
        float[] gradOutput = TestData.Uniform(batch * outImage, 12);
        var expected = new float[batch * image];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        int bestAt = -1;
                        for (int iy = Math.Max(oy * stride - pt, 0); iy < Math.Min(oy * stride - pt + pool, height); iy++)
                        {
                            for (int ix = Math.Max(ox * stride - pl, 0); ix < Math.Min(ox * stride - pl + pool, width); ix++)
                            {
                                int at = n * image + (iy * width + ix) * channels + c;
                                if (bestAt < 0 || x[at] > x[bestAt])
                                {
                                    bestAt = at;
                                }
                            }
                        }

                        expected[bestAt] += gradOutput[n * outImage + (oy * ow + ox) * channels + c];
                    }
                }
            }
        }

        var y = new float[batch * outImage];
        var argmax = new int[batch * outImage];
        PoolingKernels.MaxPoolForward(x, y, argmax, batch, height, width, channels, pool, stride, padding);
        var gradInput = new float[batch * image + 8];
        Array.Fill(gradInput, float.NaN);
        PoolingKernels.MaxPoolBackward(gradOutput, argmax, gradInput, batch, height, width, channels, pool, stride, padding);
        Assert.Equal(expected, gradInput.AsSpan(0, expected.Length).ToArray());
        Assert.All(gradInput.AsSpan(expected.Length).ToArray(), v => Assert.True(float.IsNaN(v)));
        var ex = Assert.Throws<ArgumentException>(() => PoolingKernels.MaxPoolBackward(gradOutput.AsSpan(1), argmax, gradInput, batch, height, width, channels, pool, stride, padding));
        Assert.Contains($"needs at least {batch * outImage}", ex.Message);
    }
}
