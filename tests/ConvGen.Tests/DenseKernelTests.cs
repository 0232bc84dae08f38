using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// The dense layer's three products (<see cref="DenseKernels"/>) against double-precision loops, on shapes that take
/// each register-blocked path and every tail: rows 1–9 (blocks of four and two rows and the rest), inputs with and
/// without a whole block of four, units below, at and past blocks of 32 and single vectors of 8.
/// </summary>
public class DenseKernelTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach ((int rows, int inputs, int units) in new[]
        {
            (1, 1, 1), (4, 4, 32), (5, 7, 10), (9, 288, 128), (3, 13, 40), (8, 128, 10), (2, 6, 33), (7, 33, 71), (6, 5, 8),
        })
        {
            data.Add(rows, inputs, units);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesADoubleLoop(int rows, int inputs, int units)
    {
        float[] x = TestData.Uniform(rows * inputs, 1);
        float[] w = TestData.Uniform(inputs * units, 2);
        float[] b = TestData.Uniform(units, 3);
        foreach (Activation activation in new[] { Activation.None, Activation.Relu, Activation.Relu6 })
        {
            foreach (bool withBias in new[] { true, false })
            {
                var y = new float[rows * units + 5];
                Array.Fill(y, 777f);
                DenseKernels.Forward(x, w, withBias ? b : default, y, rows, inputs, units, activation);
                for (int n = 0; n < rows; n++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        double sum = withBias ? b[u] : 0;
                        for (int i = 0; i < inputs; i++)
                        {
                            sum += (double)x[n * inputs + i] * w[i * units + u];
                        }

                        double expected = activation == Activation.None ? sum : Math.Min(Math.Max(sum, 0), activation == Activation.Relu6 ? 6 : double.PositiveInfinity);
                        Assert.True(Math.Abs(y[n * units + u] - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"y[{n}][{u}] = {y[n * units + u]}, expected {expected} ({activation}, bias {withBias})");
                    }
                }

                Assert.All(y[(rows * units)..], v => Assert.Equal(777f, v));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void WeightGradientOverwritesWithXTransposedTimesG(int rows, int inputs, int units)
    {
        float[] x = TestData.Uniform(rows * inputs, 4);
        // ReLU-like inputs: some exact zeros.
        for (int k = 0; k < x.Length; k += 3)
        {
            x[k] = 0f;
        }

        float[] g = TestData.Uniform(rows * units, 5);
        var dw = new float[inputs * units + 5];
        Array.Fill(dw, 777f);
        DenseKernels.WeightGradient(x, g, dw, rows, inputs, units);
        for (int i = 0; i < inputs; i++)
        {
            for (int u = 0; u < units; u++)
            {
                double expected = 0;
                for (int n = 0; n < rows; n++)
                {
                    expected += (double)x[n * inputs + i] * g[n * units + u];
                }

                Assert.True(Math.Abs(dw[i * units + u] - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"dW[{i}][{u}] = {dw[i * units + u]}, expected {expected}");
            }
        }

        Assert.All(dw[(inputs * units)..], v => Assert.Equal(777f, v));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void InputGradientOverwritesWithGTimesWTransposed(int rows, int inputs, int units)
    {
        float[] g = TestData.Uniform(rows * units, 6);
        float[] w = TestData.Uniform(inputs * units, 7);
        var dx = new float[rows * inputs + 5];
        Array.Fill(dx, 777f);
        DenseKernels.InputGradient(g, w, dx, rows, inputs, units);
        for (int n = 0; n < rows; n++)
        {
            for (int i = 0; i < inputs; i++)
            {
                double expected = 0;
                for (int u = 0; u < units; u++)
                {
                    expected += (double)g[n * units + u] * w[i * units + u];
                }

                Assert.True(Math.Abs(dx[n * inputs + i] - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"dX[{n}][{i}] = {dx[n * inputs + i]}, expected {expected}");
            }
        }

        Assert.All(dx[(rows * inputs)..], v => Assert.Equal(777f, v));
    }

    [Fact]
    public void ShortBuffersAreRejectedWithTheSizesNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() => DenseKernels.Forward(new float[11], new float[12], default, new float[8], 2, 6, 2, Activation.None));
        Assert.Contains("needs at least 12", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => DenseKernels.WeightGradient(new float[12], new float[4], new float[11], 2, 6, 2));
        Assert.Contains("dw holds 11 floats", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => DenseKernels.InputGradient(new float[4], new float[12], new float[10], 2, 6, 2));
        Assert.Contains("dx holds 10 floats but 2 rows of 6 inputs needs at least 12", ex.Message);
    }
}
