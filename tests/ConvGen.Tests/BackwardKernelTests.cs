using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// The generated backward kernels of every declared convolution: against the double-precision reference (same
/// relative-error bound as the forward tests), through the forced generic fallback, and against directional finite
/// differences of a double-precision forward pass.
/// </summary>
public class BackwardKernelTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All)
        {
            if (kernel.Kernel is IConv2DWeightGradientKernel)
            {
                data.Add(kernel.Name);
            }
        }

        return data;
    }

    [Fact]
    public void FoldedKernelsAreForwardOnly()
    {
        // (TinyBatchNormNet's Conv2dFolded is TinyNet's first convolution too, a kernel that trains.)
        IConv2DKernel folded = GeneratedKernels.Get("TinyBatchNormNet.DepthwiseConv2dFolded");
        Assert.IsNotAssignableFrom<IConv2DWeightGradientKernel>(folded);
        Assert.IsNotAssignableFrom<IConv2DInputGradientKernel>(folded);
        Assert.True(folded.Shape.UseBias);
        Assert.Equal(Activation.Relu6, folded.Shape.Activation);
        Assert.Same(GeneratedKernels.Get("TinyNet.Conv2d"), GeneratedKernels.Get("TinyBatchNormNet.Conv2dFolded"));
    }

    [Fact]
    public void KernelsImplementThePassesTheyHave()
    {
        // A network's first convolution trains its weights but computes no input gradient; a standalone kernel has every pass.
        Assert.IsNotAssignableFrom<IConv2DInputGradientKernel>(GeneratedKernels.Get("WinogradBlock.Conv2d"));
        Assert.IsAssignableFrom<IConv2DWeightGradientKernel>(GeneratedKernels.Get("WinogradBlock.Conv2d"));
        Assert.IsAssignableFrom<IConv2DInputGradientKernel>(GeneratedKernels.Get("K02Seed2"));
        Assert.IsNotAssignableFrom<IConv2DResidualKernel>(GeneratedKernels.Get("K02Seed2"));
    }

    private sealed record Case(Conv2DShape Shape, float[] Input, float[] Weights, float[] GradOutput, int Batch);

    private static Case Make(IConv2DKernel kernel, int batch, int seed)
    {
        Conv2DShape s = kernel.Shape;
        return new Case(s, TestData.Uniform(batch * s.InputImageLength, seed), TestData.Uniform(s.WeightLength, seed + 1),
            TestData.Uniform(batch * s.OutputImageLength, seed + 2), batch);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void WeightGradientMatchesReference(string name)
    {
        var kernel = (IConv2DWeightGradientKernel)GeneratedKernels.Get(name);
        foreach (string path in KernelPaths.Available)
        {
            Case c = Make(kernel, 2, 21);
            var actual = new float[c.Shape.WeightLength];
            Array.Fill(actual, float.NaN);
            using (KernelPaths.Enter(path))
            {
                kernel.BackwardWeights(c.Input, c.GradOutput, actual, c.Batch);
            }

            var expected = new float[actual.Length];
            ReferenceConv2D.BackwardWeights(c.Shape, c.Input, c.GradOutput, expected, c.Batch);
            var magnitude = new float[actual.Length];
            ReferenceConv2D.BackwardWeights(c.Shape, TestData.Abs(c.Input), TestData.Abs(c.GradOutput), magnitude, c.Batch);
            AssertClose(expected, magnitude, actual, $"{name} dW ({path})");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void InputGradientMatchesReference(string name)
    {
        if (GeneratedKernels.Get(name) is not IConv2DInputGradientKernel kernel)
        {
            return;
        }

        foreach (string path in KernelPaths.Available)
        {
            Case c = Make(kernel, 2, 31);
            var packed = new float[kernel.BackwardDataPackedWeightLength];
            kernel.PackBackwardDataWeights(c.Weights, packed);
            var actual = new float[c.Batch * c.Shape.InputImageLength];
            Array.Fill(actual, float.NaN);
            var scratch = new float[kernel.BackwardDataScratchLength];
            using (KernelPaths.Enter(path))
            {
                kernel.BackwardData(c.GradOutput, packed, actual, scratch, c.Batch);
            }

            var expected = new float[actual.Length];
            ReferenceConv2D.BackwardData(c.Shape, c.GradOutput, c.Weights, expected, c.Batch);
            var magnitude = new float[actual.Length];
            ReferenceConv2D.BackwardData(c.Shape, TestData.Abs(c.GradOutput), TestData.Abs(c.Weights), magnitude, c.Batch);
            AssertClose(expected, magnitude, actual, $"{name} dX ({path})");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ActivationAndBiasGradientAreFusedInOnePass(string name)
    {
        var kernel = (IConv2DWeightGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        const int batch = 2;
        var output = TestData.Uniform(batch * s.OutputImageLength, 41);
        if (s.Activation is Activation.Relu or Activation.Relu6)
        {
            // Outputs of a ReLU are non-negative; of a ReLU6, in [0, 6] (some exactly 6, whose gradient is zero).
            output = Array.ConvertAll(output, v => Math.Max(v * 8f, 0f));
            output = Array.ConvertAll(output, v => s.Activation == Activation.Relu6 ? Math.Min(v, 6f) : v);
        }

        var grad = TestData.Uniform(output.Length, 42);
        var expected = (float[])grad.Clone();
        var expectedBias = new double[s.Filters];
        var biasScale = new double[s.Filters];
        for (int i = 0; i < expected.Length; i++)
        {
            bool active = s.Activation switch
            {
                Activation.Relu => output[i] > 0,
                Activation.Relu6 => output[i] > 0 && output[i] < 6,
                _ => true,
            };
            if (!active)
            {
                expected[i] = 0;
            }

            expectedBias[i % s.Filters] += expected[i];
            biasScale[i % s.Filters] += Math.Abs(expected[i]);
        }

        var gradBias = new float[s.Filters];
        Array.Fill(gradBias, float.NaN);
        kernel.BackwardActivation(output, grad, gradBias, batch);
        Assert.Equal(expected, grad);
        for (int co = 0; co < s.Filters; co++)
        {
            if (s.UseBias)
            {
                Assert.True(Math.Abs(gradBias[co] - expectedBias[co]) <= 1e-5 * Math.Max(biasScale[co], 1e-30), $"bias {co}: {gradBias[co]} vs {expectedBias[co]}");
            }
            else
            {
                Assert.True(float.IsNaN(gradBias[co]), "a kernel without bias wrote a bias gradient");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        // L = Σ r ⊙ conv(x, w, b) in double; its derivative along a random direction d, by central differences,
        // equals <∇L, d> computed from the generated kernels' gradients.
        var kernel = (IConv2DWeightGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape with { Activation = Activation.None };
        const int batch = 2;
        const double h = 1e-3;
        var x = TestData.Uniform(batch * s.InputImageLength, 51);
        var w = TestData.Uniform(s.WeightLength, 52);
        var b = TestData.Uniform(s.Filters, 53);
        var r = TestData.Uniform(batch * s.OutputImageLength, 54);
        double[] xd = DoubleConv.ToDouble(x), wd = DoubleConv.ToDouble(w), bd = DoubleConv.ToDouble(b);

        var dw = new float[s.WeightLength];
        kernel.BackwardWeights(x, r, dw, batch);
        var direction = TestData.Uniform(dw.Length, 55);
        double numeric = (DoubleConv.Loss(s, xd, DoubleConv.Step(wd, direction, h), bd, r, batch) - DoubleConv.Loss(s, xd, DoubleConv.Step(wd, direction, -h), bd, r, batch)) / (2 * h);
        AssertDirectional(numeric, DoubleConv.Dot(dw, direction), DoubleConv.AbsDot(dw, direction), $"{name} dW");

        if (s.UseBias)
        {
            var gradOutput = (float[])r.Clone();
            var db = new float[s.Filters];
            kernel.BackwardActivation(new float[r.Length], gradOutput, db, batch);

            // A ReLU kernel masks with its (here all-zero) output; the bias check needs the linear kernels.
            if (kernel.Shape.Activation == Activation.None)
            {
                var bdir = TestData.Uniform(s.Filters, 56);
                numeric = (DoubleConv.Loss(s, xd, wd, DoubleConv.Step(bd, bdir, h), r, batch) - DoubleConv.Loss(s, xd, wd, DoubleConv.Step(bd, bdir, -h), r, batch)) / (2 * h);
                AssertDirectional(numeric, DoubleConv.Dot(db, bdir), DoubleConv.AbsDot(db, bdir), $"{name} db");
            }
        }

        if (kernel is IConv2DInputGradientKernel data)
        {
            var packed = new float[data.BackwardDataPackedWeightLength];
            data.PackBackwardDataWeights(w, packed);
            var dx = new float[x.Length];
            data.BackwardData(r, packed, dx, new float[data.BackwardDataScratchLength], batch);
            var xdir = TestData.Uniform(dx.Length, 57);
            numeric = (DoubleConv.Loss(s, DoubleConv.Step(xd, xdir, h), wd, bd, r, batch) - DoubleConv.Loss(s, DoubleConv.Step(xd, xdir, -h), wd, bd, r, batch)) / (2 * h);
            AssertDirectional(numeric, DoubleConv.Dot(dx, xdir), DoubleConv.AbsDot(dx, xdir), $"{name} dX");
        }
    }

    private static void AssertDirectional(double numeric, double analytic, double scale, string what)
    {
        double error = Math.Abs(numeric - analytic) / Math.Max(scale, 1e-12);
        Assert.True(error <= 1e-5, $"{what}: finite difference {numeric:G9} vs gradient {analytic:G9}, relative error {error:E2}");
    }

    internal static void AssertClose(float[] expected, float[] magnitude, float[] actual, string what)
    {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]) / Math.Max(magnitude[i], 1e-30);
            if (!(error <= worst))
            {
                worst = error;
                at = i;
            }
        }

        Assert.True(worst <= 1e-5, $"{what}: max relative error {worst:E2} at {at} (expected {(at >= 0 ? expected[at] : 0)}, actual {(at >= 0 ? actual[at] : 0)})");
    }
}
