using System;
using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>Networks with branches: gradients through Concatenate and Add (with BN), and Keras's shapes.</summary>
public class GraphTests
{
    internal static void CheckGradients(Network model, int height, int width, int channels, int seed)
    {
        ImageDataset data = TrainingData.Random(9, height, width, channels, 3, seed);
        int[] order = TrainingData.Identity(9);
        model.ComputeGradients(data, order, 0, 9, step: 1);
        var trainable = model.Parameters.Select((p, i) => (p, i)).Where(t => t.p.Trainable).ToList();
        float[][] gradient = trainable.Select(t => (float[])t.p.Gradient.Clone()).ToArray();
        float[][] start = model.CopyWeights();
        var random = new Random(seed + 1);
        float[][] direction = start.Select((w, i) => w.Select(_ => model.Parameters[i].Trainable ? (float)(random.NextDouble() * 2 - 1) : 0f).ToArray()).ToArray();
        double Loss(double h)
        {
            model.SetWeights(start.Select((w, i) => w.Select((v, j) => (float)(v + h * direction[i][j])).ToArray()).ToArray());
            return model.ComputeGradients(data, order, 0, 9, step: 1).LossSum / 9;
        }

        double numeric = (Loss(1e-3) - Loss(-1e-3)) / 2e-3;
        double analytic = trainable.Select((t, k) => DoubleConv.Dot(gradient[k], direction[t.i])).Sum();
        double scale = trainable.Select((t, k) => DoubleConv.AbsDot(gradient[k], direction[t.i])).Sum();
        Assert.True(Math.Abs(numeric - analytic) <= 0.02 * scale, $"numeric {numeric:G6} vs analytic {analytic:G6} (scale {scale:G6})");

        // Every trainable tensor receives a gradient (no branch is cut off).
        Assert.All(trainable.Select((t, k) => (t.p.Name, gradient[k])), g => Assert.True(g.Item2.Any(v => v != 0), g.Name + " got no gradient"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientsFlowThroughConcatenate(int threads)
    {
        using var model = new TinyInception(seed: 1) { Threads = threads };
        Assert.Equal("(None, 6, 6, 8)", model.LayerSummaries.Single(l => l.Type == "Concatenate").KerasShape);
        CheckGradients(model, 6, 6, 4, seed: 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientsFlowThroughResidualAddsWithIdentityAndProjectionShortcuts(int threads)
    {
        using var model = new TinyResNet(seed: 3) { Threads = threads };
        Assert.Equal(new[] { "(None, 6, 6, 8)", "(None, 3, 3, 12)" }, model.LayerSummaries.Where(l => l.Type == "Add").Select(l => l.KerasShape));
        CheckGradients(model, 6, 6, 3, seed: 4);
    }

    [Fact]
    public void BranchConvolutionsWriteTheirSlicesOfTheConcatenationInPlace()
    {
        using var model = new TinyInception(seed: 6) { Threads = 1 };
        Assert.Equal(3, model.InPlaceConcatenationInputs);
        ImageDataset data = TrainingData.Random(2, 6, 6, 4, 3, seed: 7);
        float[] merged = model.LayerOutput(data, 1, "concatenate");
        float[] image = Image(data, 1);

        // Each branch's last convolution, recomputed by the reference from its input, sits at its channel offset.
        var branches = new (string Conv, float[] Input, int Offset)[]
        {
            ("conv2d", image, 0),
            ("conv2d_2", model.LayerOutput(data, 1, "conv2d_1"), 3),
            ("conv2d_3", model.LayerOutput(data, 1, "max_pooling2d"), 6),
        };
        foreach (var (conv, input, offset) in branches)
        {
            Conv2DShape shape = Shape(conv);
            Assert.Equal(8, shape.OutputPixelStride);
            shape = shape with { OutputPixelStride = shape.Filters };
            var expected = new float[shape.OutputImageLength];
            ReferenceConv2D.Forward(shape, input, model.Parameters.Single(p => p.Name == conv + "/kernel").Value,
                model.Parameters.Single(p => p.Name == conv + "/bias").Value, expected, 1);
            Assert.Equal(expected.Length, model.LayerOutput(data, 1, conv).Length);
            for (int p = 0; p < 36; p++)
            {
                for (int c = 0; c < shape.Filters; c++)
                {
                    Assert.True(Math.Abs(merged[p * 8 + offset + c] - expected[p * shape.Filters + c]) <= 1e-5, $"{conv} pixel {p} channel {c}");
                }
            }
        }

        static Conv2DShape Shape(string conv) => conv switch
        {
            "conv2d" => GeneratedKernels.Get("TinyInception.Conv2d").Shape,
            "conv2d_2" => GeneratedKernels.Get("TinyInception.Conv2d2").Shape,
            _ => GeneratedKernels.Get("TinyInception.Conv2d3").Shape,
        };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResidualAddsFusedIntoKernelsMatchTheSeparateAdd(bool fold)
    {
        using var model = new TinyResNet(seed: 8) { Threads = 1, FoldBatchNormalization = fold };
        ImageDataset data = TrainingData.Random(64, 6, 6, 3, 3, seed: 9);
        model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Seed = 1 });
        float[] fused = model.Predict(data);
        model.Executor.FuseResidualAdds = false;
        float[] separate = model.Predict(data);
        for (int i = 0; i < fused.Length; i++)
        {
            Assert.True(Math.Abs(fused[i] - separate[i]) <= 1e-5 * Math.Max(Math.Abs(separate[i]), 1e-3), $"fused {fused[i]} vs separate {separate[i]}");
        }
    }

    private static float[] Image(ImageDataset data, int index)
    {
        var image = new float[data.ImageLength];
        data.CopyImage(index, image);
        return image;
    }

    [Fact]
    public void BranchyNetworksTrainAndFoldDeterministically()
    {
        ImageDataset data = TrainingData.Random(64, 6, 6, 3, 3, seed: 5);
        float[][] Train()
        {
            using var model = new TinyResNet(seed: 2) { Threads = 2 };
            model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Seed = 1 });
            model.FoldBatchNormalization = false;
            float[] unfolded = model.Predict(data);
            model.FoldBatchNormalization = true;
            float[] folded = model.Predict(data);
            for (int i = 0; i < folded.Length; i++)
            {
                Assert.True(Math.Abs(folded[i] - unfolded[i]) <= 1e-5 * Math.Max(Math.Abs(unfolded[i]), 1e-3), $"folded {folded[i]} vs {unfolded[i]}");
            }

            return model.CopyWeights();
        }

        float[][] a = Train(), b = Train();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i]);
        }
    }
}
