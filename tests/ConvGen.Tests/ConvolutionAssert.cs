using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Compares a float32 convolution with the double-precision reference. The error of a float sum of products is
/// bounded relative to the sum of the products' magnitudes, so each element's error is divided by
/// Σ|x·w| + |b| (computed by the reference on absolute values): that ratio is the relative error we bound.
/// </summary>
internal static class ConvolutionAssert
{
    public static double MaxRelativeError(in Conv2DShape kernelShape, float[] input, float[] weightsHwio, float[] bias, float[] actual, int batch)
    {
        // The reference writes dense outputs; slice writers' outputs are compared after gathering.
        Conv2DShape shape = kernelShape with { OutputPixelStride = kernelShape.Filters };
        var expected = new float[batch * shape.OutputImageLength];
        ReferenceConv2D.Forward(shape, input, weightsHwio, bias, expected, batch);
        var magnitudeShape = shape with { Activation = Activation.None };
        var magnitude = new float[expected.Length];
        ReferenceConv2D.Forward(magnitudeShape, TestData.Abs(input), TestData.Abs(weightsHwio), TestData.Abs(bias), magnitude, batch);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(magnitude[i], 1e-30);
            double error = Math.Abs((double)actual[i] - expected[i]) / scale;
            if (double.IsNaN(error))
            {
                return double.PositiveInfinity;
            }

            worst = Math.Max(worst, error);
        }

        return worst;
    }

    /// <summary>The bound on <see cref="MaxRelativeError"/> every kernel path meets (direct and Winograd alike).</summary>
    public const double Tolerance = 1e-5;

    public static void Close(in Conv2DShape shape, float[] input, float[] weightsHwio, float[] bias, float[] actual, int batch, string what)
    {
        double error = MaxRelativeError(shape, input, weightsHwio, bias, actual, batch);
        Assert.True(error <= Tolerance, $"{what} on {shape}, batch {batch}: max relative error {error:E2} > {Tolerance:E0}");
    }

    /// <summary>Compares activation(conv + bias + residual) with the reference; the residual's magnitude joins the scale.</summary>
    public static void CloseResidual(in Conv2DShape shape, float[] input, float[] weightsHwio, float[] bias, float[] residual, Activation activation, float[] actual, int batch, string what)
    {
        var expected = new float[batch * shape.OutputImageLength];
        ReferenceConv2D.Forward(shape, input, weightsHwio, bias, expected, batch);
        var magnitude = new float[expected.Length];
        ReferenceConv2D.Forward(shape, TestData.Abs(input), TestData.Abs(weightsHwio), TestData.Abs(bias), magnitude, batch);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double sum = (double)expected[i] + residual[i];
            double value = activation switch
            {
                Activation.Relu => Math.Max(sum, 0),
                Activation.Relu6 => Math.Min(Math.Max(sum, 0), 6),
                _ => sum,
            };
            double error = Math.Abs(actual[i] - value) / Math.Max(magnitude[i] + Math.Abs(residual[i]), 1e-30);
            worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
        }

        Assert.True(worst <= 1e-5, $"{what} on {shape}, batch {batch}: max relative error {worst:E2} > 1e-5");
    }
}
