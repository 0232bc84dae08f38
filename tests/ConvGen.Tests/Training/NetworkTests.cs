using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>The generated networks' Keras-like API, whole-network gradients, determinism and allocation.</summary>
public class NetworkTests
{
    [Fact]
    public void SeedModelSummaryMatchesKeras()
    {
        Assert.Equal(135_082, SeedModel.ParameterCount);
        using var model = new SeedModel();
        Assert.Equal(135_082, model.Parameters.Sum(p => p.Length));
        var expected = new (string Name, string Type, string Shape, long Params)[]
        {
            ("conv2d", "Conv2D", "(None, 28, 28, 32)", 320),
            ("max_pooling2d", "MaxPool2D", "(None, 14, 14, 32)", 0),
            ("conv2d_1", "Conv2D", "(None, 14, 14, 64)", 18_496),
            ("max_pooling2d_1", "MaxPool2D", "(None, 7, 7, 64)", 0),
            ("conv2d_2", "Conv2D", "(None, 7, 7, 128)", 73_856),
            ("conv2d_3", "Conv2D", "(None, 7, 7, 32)", 4_128),
            ("max_pooling2d_2", "MaxPool2D", "(None, 3, 3, 32)", 0),
            ("flatten", "Flatten", "(None, 288)", 0),
            ("dense", "Dense", "(None, 128)", 36_992),
            ("dropout", "Dropout", "(None, 128)", 0),
            ("dense_1", "Dense", "(None, 10)", 1_290),
        };
        Assert.Equal(expected.Length, model.LayerSummaries.Count);
        string summary = model.Summary();
        for (int i = 0; i < expected.Length; i++)
        {
            LayerSummary layer = model.LayerSummaries[i];
            Assert.Equal(expected[i], (layer.Name, layer.Type, layer.KerasShape, layer.Parameters));
            Assert.Contains($"{layer.Name} ({layer.Type})", summary);
        }

        Assert.Contains("Total params: 135,082", summary);
        Assert.Contains("Model: \"SeedModel\"", summary);
    }

    [Fact]
    public void InitialisationIsGlorotUniformWithZeroBiases()
    {
        using var model = new SeedModel(seed: 3);
        Parameter kernel = model.Parameters.Single(p => p.Name == "conv2d_1/kernel");
        double limit = Math.Sqrt(6.0 / (9 * 32 + 9 * 64));
        Assert.All(kernel.Value, v => Assert.InRange(v, -limit, limit));
        Assert.True(kernel.Value.Max() > 0.9 * limit && kernel.Value.Min() < -0.9 * limit);
        Assert.All(model.Parameters.Where(p => p.Name.EndsWith("/bias", StringComparison.Ordinal)).SelectMany(p => p.Value), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void MaxPoolingAppliesTheDerivativeOfTheReluConvolutionItAloneReads()
    {
        // TinyNet: ReLU conv -> 2x2 pool, ReLU6 1x1 conv -> overlapping 3x3 pool, conv without activation -> Flatten.
        // The finite-difference test below checks the gradients these fused passes compute.
        using var model = new TinyNet(seed: 5) { Threads = 1 };
        Assert.Equal(new[] { true, true, false }, model.Convolutions.Select(c => c.ActivationAppliedByReader).ToArray());

        // Slice writers (each branch's last convolution) keep their own derivative; so does the ReLU conv a pool does not read.
        using var inception = new TinyInception(seed: 6) { Threads = 1 };
        Assert.All(inception.Convolutions, c => Assert.False(c.ActivationAppliedByReader, c.Name));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(1, 1200)]
    [InlineData(2, 1200)]
    public void WholeNetworkGradientsMatchFiniteDifferences(int threads, int pooledChunkBytes)
    {
        // L(θ) = mean loss of a batch with fixed dropout masks; d/dh L(θ + h·d) at 0 equals Σ ∇L·d. With a budget of
        // 1,200 bytes each convolution and the pooling that reads it run a few images at a time (TrainingStepTests).
        using var model = new TinyNet(seed: 5) { Threads = threads, Executor = { PooledChunkBytes = pooledChunkBytes } };
        ImageDataset data = TrainingData.Random(9, 6, 6, 2, 3, seed: 1);
        int[] order = TrainingData.Identity(9);
        model.ComputeGradients(data, order, 0, 9, step: 42);
        float[][] gradient = model.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        float[][] start = model.CopyWeights();
        var random = new Random(9);
        float[][] direction = start.Select(w => w.Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        double Loss(double h)
        {
            model.SetWeights(start.Select((w, i) => w.Select((v, j) => (float)(v + h * direction[i][j])).ToArray()).ToArray());
            return model.ComputeGradients(data, order, 0, 9, step: 42).LossSum / 9;
        }

        const double step = 1e-3;
        double numeric = (Loss(step) - Loss(-step)) / (2 * step);
        double analytic = gradient.Select((g, i) => DoubleConv.Dot(g, direction[i])).Sum();
        double scale = gradient.Select((g, i) => DoubleConv.AbsDot(g, direction[i])).Sum();
        Assert.True(Math.Abs(numeric - analytic) <= 0.02 * scale, $"numeric {numeric:G6} vs analytic {analytic:G6} (scale {scale:G6})");
    }

    [Fact]
    public void DepthwiseSeparableNetworkGradientsMatchFiniteDifferences()
    {
        using var model = new TinyMobileNet(seed: 2) { Threads = 2 };
        Assert.Equal(new[] { "conv2d/kernel", "conv2d/bias", "depthwise_conv2d/depthwise_kernel", "depthwise_conv2d/bias" }, model.Parameters.Take(4).Select(p => p.Name));
        Assert.Equal(3 * 3 * 8, model.Parameters[2].Length);
        Assert.Equal(TinyMobileNet.ParameterCount, model.Parameters.Sum(p => p.Length));
        ImageDataset data = TrainingData.Random(7, 8, 8, 3, 3, seed: 3);
        int[] order = TrainingData.Identity(7);
        model.ComputeGradients(data, order, 0, 7, step: 1);
        float[][] gradient = model.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        float[][] start = model.CopyWeights();
        var random = new Random(4);
        float[][] direction = start.Select(w => w.Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        double Loss(double h)
        {
            model.SetWeights(start.Select((w, i) => w.Select((v, j) => (float)(v + h * direction[i][j])).ToArray()).ToArray());
            return model.ComputeGradients(data, order, 0, 7, step: 1).LossSum / 7;
        }

        double numeric = (Loss(1e-3) - Loss(-1e-3)) / 2e-3;
        double analytic = gradient.Select((g, i) => DoubleConv.Dot(g, direction[i])).Sum();
        double scale = gradient.Select((g, i) => DoubleConv.AbsDot(g, direction[i])).Sum();
        Assert.True(Math.Abs(numeric - analytic) <= 0.02 * scale, $"numeric {numeric:G6} vs analytic {analytic:G6} (scale {scale:G6})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchNormalizationNetworkGradientsMatchFiniteDifferences(int threads)
    {
        using var model = new TinyBatchNormNet(seed: 3) { Threads = threads };
        ImageDataset data = TrainingData.Random(10, 6, 6, 2, 3, seed: 5);
        int[] order = TrainingData.Identity(10);
        model.ComputeGradients(data, order, 0, 10, step: 1);
        var trainable = model.Parameters.Select((p, i) => (p, i)).Where(t => t.p.Trainable).ToList();
        float[][] gradient = trainable.Select(t => (float[])t.p.Gradient.Clone()).ToArray();
        float[][] start = model.CopyWeights();
        var random = new Random(6);
        float[][] direction = start.Select((w, i) => w.Select(_ => model.Parameters[i].Trainable ? (float)(random.NextDouble() * 2 - 1) : 0f).ToArray()).ToArray();
        double Loss(double h)
        {
            model.SetWeights(start.Select((w, i) => w.Select((v, j) => (float)(v + h * direction[i][j])).ToArray()).ToArray());
            return model.ComputeGradients(data, order, 0, 10, step: 1).LossSum / 10;
        }

        double numeric = (Loss(1e-3) - Loss(-1e-3)) / 2e-3;
        double analytic = trainable.Select((t, k) => DoubleConv.Dot(gradient[k], direction[t.i])).Sum();
        double scale = trainable.Select((t, k) => DoubleConv.AbsDot(gradient[k], direction[t.i])).Sum();
        Assert.True(Math.Abs(numeric - analytic) <= 0.02 * scale, $"numeric {numeric:G6} vs analytic {analytic:G6} (scale {scale:G6})");
    }

    [Fact]
    public void BatchStatisticsSpanTheWholeBatchWhateverTheThreadCount()
    {
        // Per-worker statistics would change the loss with the split; whole-batch statistics only round differently.
        ImageDataset data = TrainingData.Random(12, 6, 6, 2, 3, seed: 7);
        int[] order = TrainingData.Identity(12);
        double Loss(int threads)
        {
            using var model = new TinyBatchNormNet(seed: 4) { Threads = threads };
            return model.ComputeGradients(data, order, 0, 12, step: 1).LossSum;
        }

        Assert.Equal(Loss(1), Loss(2), 4);
    }

    [Fact]
    public void FoldedBatchNormalizationGivesTheUnfoldedInferenceOutput()
    {
        ImageDataset data = TrainingData.Random(40, 6, 6, 2, 3, seed: 8);
        using var model = new TinyBatchNormNet(seed: 5) { Threads = 2 };
        model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8 }); // moves gamma, beta and the moving statistics
        Assert.NotNull(GeneratedKernels.Get("TinyBatchNormNet.Conv2dFolded"));
        Assert.NotNull(GeneratedKernels.Get("TinyBatchNormNet.DepthwiseConv2dFolded"));

        model.FoldBatchNormalization = false;
        float[] unfolded = model.Predict(data);
        model.FoldBatchNormalization = true;
        float[] folded = model.Predict(data);
        double worst = 0;
        for (int i = 0; i < folded.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(folded[i] - unfolded[i]) / Math.Max(Math.Abs(unfolded[i]), 1e-3));
        }

        Assert.True(worst <= 1e-5, $"folded and unfolded inference differ by {worst:E2} (relative)");
        Assert.NotEqual(0, unfolded.Sum());
    }

    [Fact]
    public void BatchNormalizationParametersAreCountedAsKerasDoes()
    {
        using var model = new TinyBatchNormNet();
        Assert.Equal(4 * 4, model.LayerSummaries[1].Parameters);
        Assert.Equal(2 * 4, model.LayerSummaries[1].NonTrainableParameters);
        Assert.Equal(TinyBatchNormNet.ParameterCount, model.Parameters.Sum(p => p.Length));
        long frozen = model.Parameters.Where(p => !p.Trainable).Sum(p => p.Length);
        Assert.Contains($"Non-trainable params: {frozen:N0}", model.Summary());
        Assert.Equal(new[] { "batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance" },
            model.Parameters.Skip(1).Take(4).Select(p => p.Name));
    }

    [Fact]
    public void TheSameSeedAndThreadCountGiveBitIdenticalWeights()
    {
        ImageDataset data = TrainingData.Random(200, 6, 6, 2, 3, seed: 2);
        float[][] Train()
        {
            using var model = new TinyNet(seed: 1) { Threads = 2 };
            model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Seed = 4 });
            return model.CopyWeights();
        }

        float[][] a = Train(), b = Train();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i]);
        }

        using var other = new TinyNet(seed: 1) { Threads = 2 };
        other.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Seed = 5 });
        Assert.NotEqual(a[0], other.CopyWeights()[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ASteadyStateTrainingStepAllocatesNothing(int threads)
    {
        using var model = new SeedModel(seed: 1) { Threads = threads };
        ImageDataset data = TrainingData.Random(256, 28, 28, 1, 10, seed: 3);
        int[] order = TrainingData.Identity(256);
        var adam = new Adam();
        model.TrainStep(data, order, 0, 64, adam); // plans buffers, creates the optimiser's slots
        model.TrainStep(data, order, 64, 64, adam);

        // Three steps that allocate nothing, in one of three windows: a step that allocates every time fails all three;
        // a one-off allocation by the runtime (once seen in a full test run: 1,632 bytes at 1 thread, not reproduced
        // since) does not fail the test.
        var windows = new List<(long Caller, long Workers)>();
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long workersBefore = model.WorkerAllocatedBytes;
            for (int i = 0; i < 3; i++)
            {
                model.TrainStep(data, order, 64 * (i % 4), 64, adam);
            }

            windows.Add((GC.GetAllocatedBytesForCurrentThread() - before, model.WorkerAllocatedBytes - workersBefore));
            if (windows[^1] == (0, 0))
            {
                return;
            }
        }

        Assert.Fail($"every window of three steps allocated (caller, workers bytes): {string.Join(", ", windows)}");
    }

    [Fact]
    public void FitReportsHistoryProgressAndValidation()
    {
        ImageDataset train = TrainingData.Random(100, 6, 6, 2, 3, seed: 4);
        ImageDataset validation = TrainingData.Random(30, 6, 6, 2, 3, seed: 5);
        using var model = new TinyNet();
        var reports = new System.Collections.Generic.List<TrainingProgress>();
        TrainingHistory history = model.Fit(train, new FitOptions
        {
            Epochs = 3, BatchSize = 32, ValidationData = validation, Progress = new SyncProgress(reports.Add), Optimizer = new Sgd(0.05f, 0.9f),
        });
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e =>
        {
            Assert.NotNull(e.ValidationLoss);
            Assert.InRange(e.Accuracy, 0, 1);
            Assert.True(e.Seconds > 0);
        });
        Assert.Equal(3 * 4, reports.Count);
        Assert.Equal(new TrainingProgress(3, 3, 4, 4, reports[^1].Loss, reports[^1].Accuracy), reports[^1]);
        Evaluation evaluation = model.Evaluate(validation);
        Assert.Equal(history.Epochs[^1].ValidationLoss!.Value, evaluation.Loss, 6);
        float[] probabilities = model.Predict(validation);
        Assert.Equal(30 * 3, probabilities.Length);
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(1.0, probabilities.Skip(3 * i).Take(3).Sum(), 4);
        }

        int[] classes = model.PredictClasses(validation);
        Assert.Equal(evaluation.Accuracy, classes.Where((c, i) => c == validation.Labels[i]).Count() / 30.0, 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void InferenceInChunksMatchesOneImageAtATime(int threads)
    {
        // 75 images at batch 256: each worker's share runs in chunks of 16 images, the last one partial.
        using var model = new TinyNet(seed: 9) { Threads = threads };
        ImageDataset data = TrainingData.Random(75, 6, 6, 2, 3, seed: 10);
        float[] whole = model.Predict(data);
        float[] single = model.Predict(data, batchSize: 1);
        Assert.Equal(single.Length, whole.Length);
        for (int i = 0; i < whole.Length; i++)
        {
            Assert.True(Math.Abs(whole[i] - single[i]) <= 1e-6, $"output {i}: {whole[i]} at batch 256, {single[i]} one image at a time");
        }

        Evaluation chunked = model.Evaluate(data), alone = model.Evaluate(data, batchSize: 1);
        Assert.Equal(alone.Loss, chunked.Loss, 6);
        Assert.Equal(alone.Accuracy, chunked.Accuracy);
    }

    [Fact]
    public void EarlyStoppingStopsAndRestoresTheBestWeights()
    {
        ImageDataset train = TrainingData.Random(64, 6, 6, 2, 3, seed: 6);
        ImageDataset validation = TrainingData.Random(64, 6, 6, 2, 3, seed: 7);
        using var model = new TinyNet();
        var stopping = new EarlyStopping(patience: 1, restoreBestWeights: true);
        TrainingHistory history = model.Fit(train, new FitOptions { Epochs = 200, BatchSize = 8, ValidationData = validation, Callbacks = new[] { stopping }, Optimizer = new Adam(0.05f) });
        Assert.True(history.StoppedEarly);
        Assert.True(history.Epochs.Count < 200);
        double best = history.Epochs.Min(e => e.ValidationLoss!.Value);
        Assert.Equal(best, history.Epochs[stopping.BestEpoch - 1].ValidationLoss!.Value);
        Assert.Equal(best, model.Evaluate(validation).Loss, 5);
    }

    [Fact]
    public void CancellationStopsBetweenBatches()
    {
        ImageDataset train = TrainingData.Random(64, 6, 6, 2, 3, seed: 8);
        using var model = new TinyNet();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Batch == 2) { cts.Cancel(); } });
        Assert.Throws<OperationCanceledException>(() => model.Fit(train, new FitOptions { Epochs = 5, BatchSize = 8, CancellationToken = cts.Token, Progress = progress }));
    }

    [Fact]
    public void WrongDataShapesAreRejectedWithBothShapes()
    {
        using var model = new TinyNet();
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(TrainingData.Random(4, 5, 6, 2, 3, 1)));
        Assert.Contains("takes 6x6x2 images", ex.Message);
        Assert.Contains("5x6x2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.Evaluate(TrainingData.Random(4, 6, 6, 2, 4, 1)));
        Assert.Contains("outputs 3 classes", ex.Message);
    }

    [Fact]
    public void LayerOutputReturnsAFeatureMap()
    {
        using var model = new SeedModel();
        ImageDataset data = TrainingData.Random(2, 28, 28, 1, 10, 9);
        float[] map = model.LayerOutput(data, 1, "conv2d_3");
        Assert.Equal(7 * 7 * 32, map.Length);
        Assert.All(map, v => Assert.True(v >= 0));
        Assert.Throws<ArgumentException>(() => model.LayerOutput(data, 0, "nope"));
    }

    [Fact]
    public void ANaNLossStopsFitNamingTheEpochAndBatchAndUpdatesNothing()
    {
        ImageDataset data = TrainingData.Random(48, 6, 6, 2, 3, seed: 3);
        using var model = new TinyNet(seed: 2) { Threads = 2 };
        float[][] weights = model.CopyWeights();
        weights[^2][5] = float.NaN; // the last Dense kernel: every loss is NaN
        model.SetWeights(weights);
        var ex = Assert.Throws<NonFiniteLossException>(() => model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 16 }));
        Assert.Equal((1, 1), (ex.Epoch, ex.Batch));
        Assert.Contains("epoch 1, batch 1 of 3", ex.Message);
        Assert.True(double.IsNaN(ex.Loss));
        float[][] after = model.CopyWeights();
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(weights[i], after[i]); // NaN equals NaN here: nothing was updated
        }
    }

    [Fact]
    public void ALossThatTurnsNaNLaterNamesItsEpoch()
    {
        ImageDataset data = TrainingData.Random(48, 6, 6, 2, 3, seed: 4);
        using var model = new TinyNet(seed: 2) { Threads = 1 };
        var poison = new PoisonAfterEpoch(1);
        var ex = Assert.Throws<NonFiniteLossException>(() => model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 16, Callbacks = new[] { poison } }));
        Assert.Equal((2, 1), (ex.Epoch, ex.Batch));
    }

    private sealed class PoisonAfterEpoch(int epoch) : ITrainingCallback
    {
        public bool OnEpochEnd(Network network, EpochResult result)
        {
            if (result.Epoch == epoch)
            {
                float[][] weights = network.CopyWeights();
                weights[^1][0] = float.PositiveInfinity; // the last Dense layer's bias
                network.SetWeights(weights);
            }

            return false;
        }
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
