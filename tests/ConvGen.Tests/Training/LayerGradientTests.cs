using System;
using System.Linq;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// Every runtime layer's backward pass against finite differences of its forward pass, with L = Σ r ⊙ layer(x):
/// the analytic input gradient (and parameter gradients) along random directions equal the central differences.
/// </summary>
public class LayerGradientTests
{
    private static double Objective(Layer layer, float[] x, float[] r, int batch, LayerWorkspace ws, StepContext step)
    {
        var y = new float[batch * layer.OutputLength];
        layer.Forward(x, y, batch, ws, step);
        return DoubleConv.Dot(y, r);
    }

    private static void CheckInputGradient(Layer layer, int batch, double h, double tolerance, int seed, StepContext step)
    {
        var ws = layer.CreateWorkspace(batch);
        var x = TestData.Uniform(batch * layer.InputLength, seed);
        var r = TestData.Uniform(batch * layer.OutputLength, seed + 1);
        var y = new float[r.Length];
        layer.Forward(x, y, batch, ws, step);
        var gradOutput = (float[])r.Clone();
        var gradInput = new float[x.Length];
        layer.Backward(x, y, gradOutput, gradInput, batch, ws, needGradInput: true, step);
        var d = TestData.Uniform(x.Length, seed + 2);
        double plus = Objective(layer, Step(x, d, h), r, batch, layer.CreateWorkspace(batch), step);
        double minus = Objective(layer, Step(x, d, -h), r, batch, layer.CreateWorkspace(batch), step);
        double numeric = (plus - minus) / (2 * h);
        double analytic = DoubleConv.Dot(gradInput, d);
        double scale = DoubleConv.AbsDot(gradInput, d) + 1e-9;
        Assert.True(Math.Abs(numeric - analytic) <= tolerance * scale, $"{layer.Name}: numeric {numeric:G9}, analytic {analytic:G9}");

        for (int p = 0; p < layer.Parameters.Count; p++)
        {
            Parameter parameter = layer.Parameters[p];
            float[] saved = (float[])parameter.Value.Clone();
            var pd = TestData.Uniform(parameter.Length, seed + 10 + p);
            Step(parameter.Value, pd, h).CopyTo(parameter.Value, 0);
            layer.OnParametersChanged();
            plus = Objective(layer, x, r, batch, layer.CreateWorkspace(batch), step);
            Step(saved, pd, -h).CopyTo(parameter.Value, 0);
            layer.OnParametersChanged();
            minus = Objective(layer, x, r, batch, layer.CreateWorkspace(batch), step);
            saved.CopyTo(parameter.Value, 0);
            layer.OnParametersChanged();
            numeric = (plus - minus) / (2 * h);
            analytic = DoubleConv.Dot(ws.ParameterGradients[p], pd);
            scale = DoubleConv.AbsDot(ws.ParameterGradients[p], pd) + 1e-9;
            Assert.True(Math.Abs(numeric - analytic) <= tolerance * scale, $"{parameter.Name}: numeric {numeric:G9}, analytic {analytic:G9}");
        }
    }

    private static float[] Step(float[] v, float[] d, double h)
    {
        var r = new float[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            r[i] = (float)(v[i] + h * d[i]);
        }

        return r;
    }

    [Theory]
    [InlineData(Activation.None, true)]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Relu6, true)]
    [InlineData(Activation.Softmax, false)]
    public void Dense(Activation activation, bool bias)
    {
        var layer = new DenseLayer("dense", 37, 19, activation, bias);
        layer.Initialize(new Random(1));
        CheckInputGradient(layer, batch: 5, h: 1e-3, tolerance: 2e-3, seed: 3, default);
    }

    [Theory]
    [InlineData(6, 6, 3, 2, 2)]
    [InlineData(7, 5, 9, 2, 2)]
    [InlineData(7, 7, 4, 3, 2)]
    [InlineData(5, 5, 16, 3, 1)]
    [InlineData(7, 6, 9, 3, 1, Padding.Same)]
    [InlineData(5, 5, 8, 2, 2, Padding.Same)]
    [InlineData(28, 28, 16, 3, 1, Padding.Same)]
    public void MaxPool(int h, int w, int c, int pool, int stride, Padding padding = Padding.Valid)
    {
        var layer = new MaxPool2DLayer("pool", h, w, c, pool, stride, padding);
        Assert.Equal(KerasReference.OutputSize(h, pool, stride, padding) * KerasReference.OutputSize(w, pool, stride, padding) * c, layer.OutputLength);
        CheckInputGradient(layer, batch: 3, h: 1e-4, tolerance: 2e-3, seed: 5, new StepContext(true, 0, 0, 0));
    }

    [Theory]
    [InlineData(15, 15, 8, 3, 2, 1, 1, 0, 0)]  // ONNX's asymmetric 3x3/2 (ResNet's stem pooling, begin 1,1 / end 0,0)
    [InlineData(7, 6, 9, 3, 1, 0, 2, 2, 0)]    // different pads on every side, odd channels
    [InlineData(2, 2, 4, 2, 2, 1, 1, 1, 1)]    // a tiny image, every window partly padding
    public void MaxPoolWithExplicitPads(int h, int w, int c, int pool, int stride, int top, int left, int bottom, int right)
    {
        var windows = new Pool2DGeometry(h, w, c, pool, stride, top, left, bottom, right);
        var layer = new MaxPool2DLayer("pool", windows);
        Assert.Equal(((h + top + bottom - pool) / stride + 1) * ((w + left + right - pool) / stride + 1) * c, layer.OutputLength);
        CheckInputGradient(layer, batch: 3, h: 1e-4, tolerance: 2e-3, seed: 51, new StepContext(true, 0, 0, 0));
    }

    [Theory]
    [InlineData(6, 6, 8, 2, 2, 0, 0, 0, 0, false)]
    [InlineData(7, 7, 13, 3, 1, 1, 1, 1, 1, false)]
    [InlineData(7, 7, 13, 3, 1, 1, 1, 1, 1, true)]
    [InlineData(15, 15, 8, 3, 2, 1, 1, 0, 0, true)]
    public void AveragePooling(int h, int w, int c, int pool, int stride, int top, int left, int bottom, int right, bool includePadding)
    {
        var layer = new AveragePooling2DLayer("average", new Pool2DGeometry(h, w, c, pool, stride, top, left, bottom, right), includePadding);
        CheckInputGradient(layer, batch: 3, h: 1e-2, tolerance: 1e-4, seed: 52, default);
    }

    [Theory]
    [InlineData(false, 7, 7, 20)]
    [InlineData(true, 7, 7, 20)]
    [InlineData(false, 1, 1, 9)]
    [InlineData(true, 3, 2, 9)]
    public void GlobalPooling(bool max, int h, int w, int c)
    {
        var layer = new GlobalPooling2DLayer(max ? "global_max" : "global_average", h, w, c, max);
        Assert.Equal(c, layer.OutputLength);
        CheckInputGradient(layer, batch: 3, h: max ? 1e-4 : 1e-2, tolerance: 2e-3, seed: 53, new StepContext(true, 0, 0, 0));
    }

    [Fact]
    public void MaxPoolPicksTheWindowMaximum()
    {
        var layer = new MaxPool2DLayer("pool", 4, 4, 1, 2, 2);
        float[] x = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        var y = new float[4];
        layer.Forward(x, y, 1, layer.CreateWorkspace(1), default);
        Assert.Equal(new float[] { 6, 8, 14, 16 }, y);
    }

    [Fact]
    public void SamePoolingIgnoresPaddedPositionsAndKeepsTheSize()
    {
        // 3x3 stride 1 'same' on a 3x3 image of negatives: every window's maximum comes from inside the image.
        var layer = new MaxPool2DLayer("pool", 3, 3, 1, 3, 1, Padding.Same);
        float[] x = { -9, -8, -7, -6, -5, -4, -3, -2, -1 };
        var y = new float[9];
        layer.Forward(x, y, 1, layer.CreateWorkspace(1), default);
        Assert.Equal(new float[] { -5, -4, -4, -2, -1, -1, -2, -1, -1 }, y);
    }

    [Fact]
    public void DropoutWhileTrainingAndAtInference()
    {
        var layer = new DropoutLayer("dropout", 1000, 0.5);
        var training = new StepContext(true, 7, 3, 0);
        CheckInputGradient(layer, batch: 2, h: 1e-2, tolerance: 1e-4, seed: 7, training);

        var ws = layer.CreateWorkspace(4);
        var x = TestData.Uniform(4000, 8);
        var y = new float[4000];
        layer.Forward(x, y, 4, ws, training);
        int dropped = 0;
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(y[i] == 0f || y[i] == x[i] * 2f);
            dropped += y[i] == 0f && x[i] != 0f ? 1 : 0;
        }

        Assert.InRange(dropped, 1800, 2200);
        layer.Forward(x, y, 4, ws, new StepContext(false, 7, 3, 0));
        Assert.Equal(x, y);
    }

    [Fact]
    public void DropoutMasksDependOnTheImagesPositionNotTheSplit()
    {
        var layer = new DropoutLayer("dropout", 64, 0.5);
        var x = TestData.Uniform(4 * 64, 9);
        var whole = new float[4 * 64];
        layer.Forward(x, whole, 4, layer.CreateWorkspace(4), new StepContext(true, 1, 5, 0));
        var secondHalf = new float[2 * 64];
        layer.Forward(x.AsSpan(128).ToArray(), secondHalf, 2, layer.CreateWorkspace(2), new StepContext(true, 1, 5, 2));
        Assert.Equal(whole.AsSpan(128).ToArray(), secondHalf);
    }

    [Theory]
    [InlineData(Activation.None, 5)]
    [InlineData(Activation.Relu6, 12)]
    public void BatchNormalizationInTraining(Activation activation, int channels)
    {
        var layer = new BatchNormLayer("bn", 3 * 4 * channels, channels, 0.99, 0.001, activation);
        layer.Initialize(new Random(1));
        var random = new Random(2);
        for (int c = 0; c < channels; c++)
        {
            layer.Parameters[0].Value[c] = (float)(0.5 + random.NextDouble());
            layer.Parameters[1].Value[c] = (float)(random.NextDouble() - 0.5);
        }

        CheckInputGradient(layer, batch: 3, h: 1e-3, tolerance: 1e-2, seed: 13, new StepContext(true, 0, 0, 0));
    }

    [Fact]
    public void BatchNormalizationStatisticsAndMovingAverages()
    {
        const int channels = 3, batch = 4, pixels = 5;
        var layer = new BatchNormLayer("bn", pixels * channels, channels, 0.99, 0.001, Activation.None);
        layer.Initialize(new Random(1));
        float[] x = TestData.Uniform(batch * pixels * channels, 3, 4f);
        var y = new float[x.Length];
        layer.Forward(x, y, batch, layer.CreateWorkspace(batch), new StepContext(true, 0, 0, 0));
        for (int c = 0; c < channels; c++)
        {
            var values = Enumerable.Range(0, batch * pixels).Select(p => (double)x[p * channels + c]).ToArray();
            double mean = values.Average(), variance = values.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(0.01 * mean, layer.Parameters[2].Value[c], 5);
            Assert.Equal(0.99 + 0.01 * variance, layer.Parameters[3].Value[c], 5);
            Assert.Equal((x[c] - mean) / Math.Sqrt(variance + 0.001), y[c], 4);
        }

        // Inference uses the moving statistics.
        layer.Forward(x, y, batch, layer.CreateWorkspace(batch), default);
        for (int c = 0; c < channels; c++)
        {
            double expected = (x[c] - layer.Parameters[2].Value[c]) / Math.Sqrt(layer.Parameters[3].Value[c] + 0.001);
            Assert.Equal(expected, y[c], 5);
        }

        Assert.False(layer.Parameters[2].Trainable);
        Assert.True(layer.Parameters[0].Trainable);
    }

    [Fact]
    public void Conv2DLayer()
    {
        var layer = new Conv2DLayer("conv", Declarations.K26OddStride2Relu.Kernel);
        layer.Initialize(new Random(2));
        CheckInputGradient(layer, batch: 2, h: 1e-3, tolerance: 5e-3, seed: 11, default);
    }

    [Fact]
    public void SoftmaxCrossEntropyGradientAndStability()
    {
        float[] logits = { 1000f, 999f, -1000f, 0.5f, 0.25f, -3f };
        byte[] labels = { 0, 2 };
        var gradient = new float[6];
        var (loss, correct) = SoftmaxCrossEntropy.LossAndGradient(logits, labels, gradient, 2, 3, 0.5f);
        Assert.False(double.IsNaN(loss) || double.IsInfinity(loss));
        double expected0 = Math.Log(1 + Math.Exp(-1));
        double expected1 = Math.Log(Math.Exp(0.5) + Math.Exp(0.25) + Math.Exp(-3)) + 3;
        Assert.Equal(expected0 + expected1, loss, 6);
        Assert.Equal(1, correct);

        // The huge-logit row analytically, the other by finite differences (scale 0.5 = 1/batch).
        double p0 = 1 / (1 + Math.Exp(-1));
        Assert.Equal((p0 - 1) * 0.5, gradient[0], 5);
        Assert.Equal((1 - p0) * 0.5, gradient[1], 5);
        Assert.Equal(0, gradient[2], 5);
        for (int i = 3; i < 6; i++)
        {
            const float h = 1e-3f;
            float[] plus = (float[])logits.Clone(), minus = (float[])logits.Clone();
            plus[i] += h;
            minus[i] -= h;
            double lp = SoftmaxCrossEntropy.LossAndGradient(plus, labels, default, 2, 3, 0).LossSum;
            double lm = SoftmaxCrossEntropy.LossAndGradient(minus, labels, default, 2, 3, 0).LossSum;
            Assert.Equal((lp - lm) / (2 * h) * 0.5, gradient[i], 3);
        }
    }
}
