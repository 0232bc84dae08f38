using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// The activation derivative and bias gradient pass (<see cref="Conv2DGradients.ActivationAndBias"/> and its
/// gathering form) against a double-precision loop, on channel counts that take each of its register paths (8, 4 and
/// 1 vectors, scalar tails), odd and even pixel counts.
/// </summary>
public class ActivationGradientTests
{
    public static TheoryData<int, int, Activation> Shapes()
    {
        var data = new TheoryData<int, int, Activation>();
        foreach (int filters in new[] { 1, 3, 8, 13, 32, 36, 64, 72, 100 })
        {
            foreach (int pixels in new[] { 1, 2, 7, 50 })
            {
                foreach (Activation activation in new[] { Activation.None, Activation.Relu, Activation.Relu6 })
                {
                    data.Add(filters, pixels, activation);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MasksTheGradientAndSumsTheBiasGradient(int filters, int pixels, Activation activation)
    {
        (float[] output, float[] grad) = Random(pixels * filters, filters + pixels);
        float[] expected = Masked(output, grad, filters, pixels, filters, activation);
        float[] bias = new float[filters + 1];
        bias[filters] = 42f; // past the filters: untouched
        Array.Fill(bias, 9f, 0, filters); // overwritten, not added to
        Conv2DGradients.ActivationAndBias(output, grad, bias, pixels, filters, activation, bias: true);
        Assert.Equal(expected, grad);
        AssertBias(expected, filters, filters, pixels, bias);
        Assert.Equal(42f, bias[filters]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GathersASliceMasksItAndSumsTheBiasGradient(int filters, int pixels, Activation activation)
    {
        int stride = filters + 5;
        (float[] output, float[] grad) = Random((pixels - 1) * stride + filters, 3 * filters + pixels);
        float[] expected = Masked(output, grad, stride, pixels, filters, activation);
        float[] dense = new float[pixels * filters];
        float[] bias = new float[filters];
        Conv2DGradients.GatherActivationAndBias(output, grad, stride, dense, bias, pixels, filters, activation, bias: true);
        Assert.Equal(expected, dense);
        AssertBias(expected, filters, filters, pixels, bias);
    }

    private static (float[] Output, float[] Grad) Random(int length, int seed)
    {
        var random = new Random(seed);
        var output = new float[length];
        var grad = new float[length];
        for (int i = 0; i < length; i++)
        {
            output[i] = (float)(random.NextDouble() * 10 - 3); // negative, inside (0, 6) and past 6
            grad[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return (output, grad);
    }

    // The pre-activation gradient, dense (filters per pixel).
    private static float[] Masked(float[] output, float[] grad, int stride, int pixels, int filters, Activation activation)
    {
        var masked = new float[pixels * filters];
        for (int p = 0; p < pixels; p++)
        {
            for (int c = 0; c < filters; c++)
            {
                float y = output[p * stride + c];
                bool active = activation switch
                {
                    Activation.Relu => y > 0,
                    Activation.Relu6 => y > 0 && y < 6,
                    _ => true,
                };
                masked[p * filters + c] = active ? grad[p * stride + c] : 0f;
            }
        }

        return masked;
    }

    private static void AssertBias(float[] masked, int stride, int filters, int pixels, float[] bias)
    {
        for (int c = 0; c < filters; c++)
        {
            double sum = 0, scale = 0;
            for (int p = 0; p < pixels; p++)
            {
                sum += masked[p * stride + c];
                scale += Math.Abs(masked[p * stride + c]);
            }

            Assert.True(Math.Abs(bias[c] - sum) <= 1e-6 * Math.Max(scale, 1), $"channel {c}: {bias[c]} against {sum}");
        }
    }
}
