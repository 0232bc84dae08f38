using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>Global average and global max pooling against double-precision loops; backward passes against finite differences.</summary>
public class GlobalPoolingKernelTests
{
    [Theory]
    [InlineData(7, 7, 512)]   // ResNet-18's head
    [InlineData(7, 7, 1280)]  // MobileNetV2's head
    [InlineData(3, 5, 13)]    // odd channels: vector and scalar tail
    [InlineData(1, 1, 9)]     // a 1x1 image: the identity
    [InlineData(28, 28, 3)]
    public void AverageMatchesTheDefinition(int height, int width, int channels)
    {
        const int batch = 3;
        int pixels = height * width;
        float[] x = TestData.Uniform(batch * pixels * channels, 21);
        var y = new float[batch * channels];
        GlobalPoolingKernels.AverageForward(x, y, batch, pixels, channels);
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int p = 0; p < pixels; p++)
                {
                    sum += x[(n * pixels + p) * channels + c];
                }

                Assert.True(Math.Abs(y[n * channels + c] - sum / pixels) <= 1e-6, $"y[{n}, {c}] = {y[n * channels + c]}, expected {sum / pixels}");
            }
        }

        float[] dy = TestData.Uniform(batch * channels, 22);
        var dx = TestData.Uniform(x.Length, 23); // overwritten
        GlobalPoolingKernels.AverageBackward(dy, dx, batch, pixels, channels);
        for (int i = 0; i < dx.Length; i++)
        {
            int n = i / (pixels * channels), c = i % channels;
            Assert.True(Math.Abs(dx[i] - dy[n * channels + c] / (double)pixels) <= 1e-7, $"dx[{i}]");
        }
    }

    [Theory]
    [InlineData(7, 7, 512)]
    [InlineData(3, 5, 13)]
    [InlineData(1, 1, 9)]
    [InlineData(4, 4, 17)]
    public void MaxMatchesTheDefinitionAndKeepsTheFirstMaximum(int height, int width, int channels)
    {
        const int batch = 3;
        int pixels = height * width;
        float[] x = TestData.Uniform(batch * pixels * channels, 24);
        if (pixels > 2)
        {
            x[(0 * pixels + 2) * channels + 1] = 5f; // a tie: pixels 1 and 2 of image 0, channel 1 hold the maximum
            x[(0 * pixels + 1) * channels + 1] = 5f;
        }

        var y = new float[batch * channels];
        var argmax = new int[batch * channels];
        GlobalPoolingKernels.MaxForward(x, y, argmax, batch, pixels, channels);
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                float best = float.NegativeInfinity;
                int bestPixel = -1;
                for (int p = 0; p < pixels; p++)
                {
                    if (x[(n * pixels + p) * channels + c] > best)
                    {
                        best = x[(n * pixels + p) * channels + c];
                        bestPixel = p;
                    }
                }

                Assert.Equal(best, y[n * channels + c]);
                Assert.Equal(bestPixel, argmax[n * channels + c]);
            }
        }

        if (pixels > 2)
        {
            Assert.Equal(1, argmax[1]);
        }
    }

    [Theory]
    [InlineData(3, 5, 13)]
    [InlineData(4, 4, 17)]
    public void MaxBackwardMatchesFiniteDifferences(int height, int width, int channels)
    {
        const int batch = 2;
        int pixels = height * width;
        float[] x = TestData.Uniform(batch * pixels * channels, 25);
        float[] dy = TestData.Uniform(batch * channels, 26);
        var y = new float[batch * channels];
        var argmax = new int[batch * channels];
        GlobalPoolingKernels.MaxForward(x, y, argmax, batch, pixels, channels);
        var dx = new float[x.Length];
        GlobalPoolingKernels.MaxBackward(dy, argmax, dx, batch, pixels, channels);
        // h smaller than the gap between the two largest values of a channel (uniform data)
        FiniteDifferences.AssertMatches(x, y, dy, dx, () => GlobalPoolingKernels.MaxForward(x, y, argmax, batch, pixels, channels), h: 1e-4f, tolerance: 2e-3);
    }

    [Fact]
    public void AverageBackwardMatchesFiniteDifferences()
    {
        const int batch = 2, pixels = 6, channels = 11;
        float[] x = TestData.Uniform(batch * pixels * channels, 27);
        float[] dy = TestData.Uniform(batch * channels, 28);
        var dx = new float[x.Length];
        GlobalPoolingKernels.AverageBackward(dy, dx, batch, pixels, channels);
        var y = new float[dy.Length];
        FiniteDifferences.AssertMatches(x, y, dy, dx, () => GlobalPoolingKernels.AverageForward(x, y, batch, pixels, channels), h: 1e-2f, tolerance: 1e-4);
    }

    [Fact]
    public void NaNPropagatesOnTheVectorAndScalarPaths()
    {
        const int pixels = 4, channels = 9;
        float[] x = TestData.Uniform(pixels * channels, 29);
        x[2 * channels + 0] = float.NaN; // lane 0 of the vector part
        x[1 * channels + 8] = float.NaN; // the scalar tail
        var y = new float[channels];
        var argmax = new int[channels];
        GlobalPoolingKernels.MaxForward(x, y, argmax, 1, pixels, channels);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[8]));
        Assert.Equal(2, argmax[0]);
        Assert.Equal(1, argmax[8]);
        Assert.False(float.IsNaN(y[1]));
        GlobalPoolingKernels.AverageForward(x, y, 1, pixels, channels);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[8]));
        Assert.False(float.IsNaN(y[1]));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => GlobalPoolingKernels.AverageForward(new float[10], new float[2], 1, 6, 2)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => GlobalPoolingKernels.MaxForward(new float[12], new float[2], new int[1], 1, 6, 2)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => GlobalPoolingKernels.MaxBackward(new float[2], new[] { 0, 6 }, new float[12], 1, 6, 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => GlobalPoolingKernels.AverageForward(new float[12], new float[2], 1, 0, 2));
    }
}
