using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Average pooling (Keras's and ONNX's two ways of counting padded cells, Keras 'same'/'valid' and explicit asymmetric
/// pads) against a double-precision loop written from the definition; the backward pass against the same loop's
/// adjoint and against finite differences.
/// </summary>
public class AveragePoolingKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int, bool> Shapes() => new()
    {
        { 28, 28, 16, 2, 2, 0, 0, 0, 0, false },  // the seed's pooling shape, averaged
        { 7, 7, 13, 3, 1, 1, 1, 1, 1, false },    // 3x3/1 'same', odd channels, padding excluded (Keras)
        { 7, 7, 13, 3, 1, 1, 1, 1, 1, true },     // the same, padding counted (ONNX count_include_pad = 1)
        { 15, 15, 8, 3, 2, 1, 1, 0, 0, true },    // ONNX's asymmetric begin 1,1 / end 0,0
        { 15, 15, 8, 3, 2, 1, 1, 0, 0, false },
        { 16, 9, 20, 3, 2, 1, 0, 2, 1, true },    // pads different on every side
        { 5, 6, 3, 3, 2, 1, 1, 1, 1, false },     // fewer channels than a vector
        { 1, 1, 9, 2, 2, 0, 0, 1, 1, false },     // a 1x1 image
        { 1, 1, 9, 2, 2, 0, 0, 1, 1, true },
        { 2, 3, 33, 2, 1, 1, 1, 1, 1, true },     // tiny image, more windows than pixels
        { 12, 10, 24, 3, 3, 0, 0, 0, 0, false },  // stride = pool, remainder columns dropped
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesTheDefinition(int height, int width, int channels, int pool, int stride, int top, int left, int bottom, int right, bool includePadding)
    {
        const int batch = 3;
        var g = new Pool2DGeometry(height, width, channels, pool, stride, top, left, bottom, right);
        Assert.Equal((height + top + bottom - pool) / stride + 1, g.OutputHeight);
        float[] x = TestData.Uniform(batch * g.InputImageLength, 11);
        var y = new float[batch * g.OutputImageLength];
        AveragePoolingKernels.Forward(g, includePadding, x, y, batch);
        double[] expected = ReferenceForward(g, includePadding, x, batch);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-6, $"y[{i}] = {y[i]}, expected {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardIsTheAdjointOfTheDefinition(int height, int width, int channels, int pool, int stride, int top, int left, int bottom, int right, bool includePadding)
    {
        const int batch = 2;
        var g = new Pool2DGeometry(height, width, channels, pool, stride, top, left, bottom, right);
        float[] dy = TestData.Uniform(batch * g.OutputImageLength, 12);
        var dx = TestData.Uniform(batch * g.InputImageLength, 13); // overwritten
        AveragePoolingKernels.Backward(g, includePadding, dy, dx, batch);
        var expected = new double[dx.Length];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < g.OutputHeight; oy++)
            {
                for (int ox = 0; ox < g.OutputWidth; ox++)
                {
                    var cells = WindowCells(g, oy, ox, includePadding, out int count);
                    for (int c = 0; c < channels; c++)
                    {
                        foreach (var (iy, ix) in cells)
                        {
                            expected[((n * height + iy) * width + ix) * channels + c] += dy[((n * g.OutputHeight + oy) * g.OutputWidth + ox) * channels + c] / (double)count;
                        }
                    }
                }
            }
        }

        for (int i = 0; i < dx.Length; i++)
        {
            Assert.True(Math.Abs(dx[i] - expected[i]) <= 1e-6, $"dx[{i}] = {dx[i]}, expected {expected[i]}");
        }
    }

    [Theory]
    [InlineData(7, 7, 13, 3, 1, 1, 1, 1, 1, false)]
    [InlineData(9, 8, 10, 3, 2, 1, 1, 0, 0, true)]
    [InlineData(6, 6, 9, 2, 2, 0, 0, 0, 0, false)]
    public void BackwardMatchesFiniteDifferences(int height, int width, int channels, int pool, int stride, int top, int left, int bottom, int right, bool includePadding)
    {
        const int batch = 2;
        var g = new Pool2DGeometry(height, width, channels, pool, stride, top, left, bottom, right);
        float[] x = TestData.Uniform(batch * g.InputImageLength, 14);
        float[] dy = TestData.Uniform(batch * g.OutputImageLength, 15);
        var dx = new float[x.Length];
        AveragePoolingKernels.Backward(g, includePadding, dy, dx, batch);
        var y = new float[dy.Length];
        FiniteDifferences.AssertMatches(x, y, dy, dx, () => AveragePoolingKernels.Forward(g, includePadding, x, y, batch), h: 1e-2f, tolerance: 1e-4, every: 7);
    }

    [Fact]
    public void KerasPaddingGivesTheMaxPoolingWindows()
    {
        foreach (int size in new[] { 1, 2, 5, 7, 14, 15, 28 })
        {
            foreach ((int pool, int stride) in new[] { (2, 2), (3, 1), (3, 2), (3, 3) })
            {
                foreach (Padding padding in new[] { Padding.Same, Padding.Valid })
                {
                    var g = Pool2DGeometry.Keras(size, size + 1, 4, pool, stride, padding);
                    Assert.Equal(KerasReference.OutputSize(size, pool, stride, padding), g.OutputHeight);
                    Assert.Equal(KerasReference.OutputSize(size + 1, pool, stride, padding), g.OutputWidth);
                    Assert.Equal(KerasReference.PadBefore(size, pool, stride, padding), g.PadTop);
                    Assert.Equal(KerasReference.PadBefore(size + 1, pool, stride, padding), g.PadLeft);
                }
            }
        }
    }

    [Fact]
    public void BuffersTooShortAreNamed()
    {
        var g = new Pool2DGeometry(4, 4, 8, 2, 2, 0, 0, 0, 0);
        var e = Assert.Throws<ArgumentException>(() => AveragePoolingKernels.Forward(g, false, new float[127], new float[64], 1));
        Assert.Equal("x", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => AveragePoolingKernels.Backward(g, false, new float[31], new float[128], 1));
        Assert.Equal("gradOutput", e.ParamName);
    }

    [Fact]
    public void NaNPropagates()
    {
        var g = new Pool2DGeometry(4, 4, 9, 2, 2, 0, 0, 0, 0);
        float[] x = TestData.Uniform(g.InputImageLength, 16);
        x[(1 * 4 + 1) * 9 + 0] = float.NaN; // pixel (1,1), channel 0 (vector lane) and channel 8 (scalar tail)
        x[(1 * 4 + 1) * 9 + 8] = float.NaN;
        var y = new float[g.OutputImageLength];
        AveragePoolingKernels.Forward(g, false, x, y, 1);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[8]));
        Assert.False(float.IsNaN(y[1]) || float.IsNaN(y[9]));
    }

    private static double[] ReferenceForward(Pool2DGeometry g, bool includePadding, float[] x, int batch)
    {
        var y = new double[batch * g.OutputImageLength];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < g.OutputHeight; oy++)
            {
                for (int ox = 0; ox < g.OutputWidth; ox++)
                {
                    var cells = WindowCells(g, oy, ox, includePadding, out int count);
                    for (int c = 0; c < g.Channels; c++)
                    {
                        double sum = 0;
                        foreach (var (iy, ix) in cells)
                        {
                            sum += x[((n * g.Height + iy) * g.Width + ix) * g.Channels + c];
                        }

                        y[((n * g.OutputHeight + oy) * g.OutputWidth + ox) * g.Channels + c] = count == 0 ? 0 : sum / count;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>The window's input cells, and its divisor counted cell by cell from the definition.</summary>
    private static System.Collections.Generic.List<(int, int)> WindowCells(Pool2DGeometry g, int oy, int ox, bool includePadding, out int count)
    {
        var cells = new System.Collections.Generic.List<(int, int)>();
        count = 0;
        for (int ky = 0; ky < g.Pool; ky++)
        {
            for (int kx = 0; kx < g.Pool; kx++)
            {
                int iy = oy * g.Stride - g.PadTop + ky, ix = ox * g.Stride - g.PadLeft + kx;
                bool inImage = iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width;
                bool inPadded = iy >= -g.PadTop && iy < g.Height + g.PadBottom && ix >= -g.PadLeft && ix < g.Width + g.PadRight;
                if (inImage)
                {
                    cells.Add((iy, ix));
                }

                if (includePadding ? inPadded : inImage)
                {
                    count++;
                }
            }
        }

        return cells;
    }
}
