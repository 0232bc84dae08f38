using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// How a training step is run: a convolution and the max pooling that alone reads it go a few images at a time, and
/// in the same parallel run the workers then take the update and repack tasks, last layer first, each layer's as soon
/// as every worker's backward pass is past it.
/// </summary>
public class TrainingStepTests
{
    [Fact]
    public void PooledConvolutionsRunInChunksOfHalfTheL2()
    {
        using var model = new SeedModel(seed: 0);
        Assert.Equal(512 * 1024, model.Executor.PooledChunkBytes);

        // conv2d: 28x28x32 = 100,352 bytes per image; conv2d_1: 14x14x64 = 50,176; conv2d_3: 7x7x32 = 6,272.
        Assert.Equal(5, model.Executor.PooledChunk(0, 32));
        Assert.Equal(10, model.Executor.PooledChunk(2, 32));
        Assert.Equal(0, model.Executor.PooledChunk(5, 32)); // 83 images fit: a share of 32 runs whole
        Assert.Equal(0, model.Executor.PooledChunk(0, 5)); // no more images than a chunk
        Assert.Equal(0, model.Executor.PooledChunk(4, 32)); // conv2d_2 is read by a convolution, not a pooling
        Assert.Equal(0, model.Executor.PooledChunk(1, 32)); // a pooling layer

        model.Executor.PooledChunkBytes = 0;
        Assert.Equal(0, model.Executor.PooledChunk(0, 32));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientsComputedInChunksEqualTheWholeShares(int threads)
    {
        // TinyNet: conv (6x6x4, 576 bytes per image) -> 2x2 pool, 1x1 conv (3x3x5, 180 bytes) -> 3x3 pool. A budget of
        // 1,200 bytes runs the first pair 2 images at a time and the second 6 at a time: 9 images are 5 and 2 chunks
        // at 1 thread, and shares of 5 and 4 at 2 threads.
        ImageDataset data = TrainingData.Random(9, 6, 6, 2, 3, seed: 1);
        int[] order = TrainingData.Identity(9);
        using var model = new TinyNet(seed: 5) { Threads = threads, Executor = { PooledChunkBytes = 0 } };
        (double wholeLoss, int wholeCorrect) = model.ComputeGradients(data, order, 0, 9, step: 42);
        float[][] whole = model.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();

        model.Executor.PooledChunkBytes = 1200;
        Assert.Equal(2, model.Executor.PooledChunk(0, 5));
        Assert.Equal(6, model.Executor.PooledChunk(2, 9));
        (double chunkedLoss, int chunkedCorrect) = model.ComputeGradients(data, order, 0, 9, step: 42);
        Assert.Equal(wholeLoss, chunkedLoss, 12);
        Assert.Equal(wholeCorrect, chunkedCorrect);
        for (int p = 0; p < whole.Length; p++)
        {
            float[] chunked = model.Parameters[p].Gradient;
            double scale = whole[p].Max(Math.Abs);
            Assert.True(scale > 0, model.Parameters[p].Name);
            for (int i = 0; i < chunked.Length; i++)
            {
                Assert.True(Math.Abs(chunked[i] - whole[p][i]) <= 1e-5 * scale, $"{model.Parameters[p].Name}[{i}]: {chunked[i]} chunked, {whole[p][i]} whole");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AStepUpdatesExactlyAsComputeGradientsThenTheOptimiser(int threads)
    {
        // The parallel step sums each parameter's gradient in worker order and applies the same update: bit for bit.
        ImageDataset data = TrainingData.Random(96, 6, 6, 2, 3, seed: 3);
        int[] order = TrainingData.Identity(96);
        using var parallel = new TinyNet(seed: 7) { Threads = threads };
        using var serial = new TinyNet(seed: 7) { Threads = threads };
        var adamParallel = new Adam(0.01f);
        var adamSerial = new Adam(0.01f);
        for (int step = 1; step <= 4; step++)
        {
            int start = 24 * (step - 1);
            (double loss, int correct) = parallel.TrainStep(data, order, start, 24, adamParallel);
            (double serialLoss, int serialCorrect) = serial.ComputeGradients(data, order, start, 24, step);
            adamSerial.Step(serial.Parameters);
            serial.SetWeights(serial.CopyWeights()); // repacks the weights the kernels read
            Assert.Equal(serialLoss, loss);
            Assert.Equal(serialCorrect, correct);
        }

        float[][] a = parallel.CopyWeights(), b = serial.CopyWeights();
        using var initial = new TinyNet(seed: 7);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i], a[i]);
        }

        Assert.NotEqual(initial.CopyWeights()[0], a[0]);
        Assert.Equal(4, adamParallel.Iterations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnOptimiserThatFailsStopsTheStepAndTheNextStepStillRuns(int threads)
    {
        // Every update fails, on whichever worker takes it: the others, waiting for a layer's backward pass or update,
        // must stop too.
        ImageDataset data = TrainingData.Random(64, 6, 6, 2, 3, seed: 4);
        int[] order = TrainingData.Identity(64);
        using var model = new TinyNet(seed: 1) { Threads = threads };
        var failing = new FailingOptimizer(model.Parameters, _ => true);
        await AssertFailingStepsLeaveItTraining(model, data, order, () =>
        {
            for (int i = 0; i < 50; i++)
            {
                AssertFails(() => model.TrainStep(data, order, 0, 32, failing));
            }
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AFailingUpdateOfTheFirstLayerLeavesTheLaterLayersUpdated(int threads)
    {
        // The first layer's update is the step's last; the tasks taken before it finish, its repack jobs (which wait for
        // it) do not run, and its weights stay as they were.
        ImageDataset data = TrainingData.Random(64, 6, 6, 2, 3, seed: 5);
        int[] order = TrainingData.Identity(64);
        using var model = new TinyNet(seed: 2) { Threads = threads };
        string firstKernel = model.Parameters[0].Name;
        float[][] before = model.CopyWeights();
        await FinishesWithin(TimeSpan.FromMinutes(2), Task.Run(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                AssertFails(() => model.TrainStep(data, order, 0, 64, new FailingOptimizer(model.Parameters, name => name == firstKernel) { LearningRate = 0.01f }));
            }
        }));
        float[][] after = model.CopyWeights();
        Assert.Equal(before[0], after[0]);
        Assert.NotEqual(before[^2], after[^2]); // the last Dense layer's kernel
    }

    [Fact]
    public void OneWorkerUpdatesTheLayersFromTheLastToTheFirst()
    {
        ImageDataset data = TrainingData.Random(32, 6, 6, 2, 3, seed: 6);
        using var model = new TinyNet(seed: 3) { Threads = 1 };
        var recording = new FailingOptimizer(model.Parameters, _ => false) { LearningRate = 0.01f };
        model.TrainStep(data, TrainingData.Identity(32), 0, 32, recording);
        string[] expected = model.LayerSummaries.Reverse()
            .SelectMany(layer => model.Parameters.Where(p => p.Name.StartsWith(layer.Name + "/", StringComparison.Ordinal)).Select(p => p.Name))
            .ToArray();
        Assert.Equal(model.Parameters.Count, expected.Length);
        Assert.Equal(expected, recording.Updated);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(2, 20)]
    [InlineData(3, 3)]
    [InlineData(3, 30)]
    public async Task AWorkerThatFailsBeforeABatchNormReductionReleasesTheOthers(int threads, int badPosition)
    {
        // TinyBatchNormNet's BatchNorm layers sum statistics over every worker's share in the middle of the forward
        // pass. An image index past the data fails the worker whose share holds it while it copies its images, before
        // that reduction: the others, waiting there, must stop, and the failure reported must be that worker's.
        ImageDataset data = TrainingData.Random(64, 6, 6, 2, 3, seed: 6);
        int[] order = TrainingData.Identity(64);
        int[] bad = (int[])order.Clone();
        bad[badPosition] = 1_000_000;
        using var model = new TinyBatchNormNet(seed: 2) { Threads = threads };
        await AssertFailingStepsLeaveItTraining(model, data, order, () =>
        {
            for (int i = 0; i < 20; i++)
            {
                AssertOutOfRange(() => model.TrainStep(data, bad, 0, 40, new Adam(0.01f)));
                AssertOutOfRange(() => model.ComputeGradients(data, bad, 0, 40, step: i));
            }
        });

        static void AssertOutOfRange(Action step)
        {
            Exception ex = Assert.ThrowsAny<Exception>(step);
            Exception cause = ex is AggregateException a ? a.InnerException! : ex;
            Assert.IsAssignableFrom<ArgumentOutOfRangeException>(cause);
        }
    }

    // Runs the failing steps, then 31 good ones that must lower the loss (nobody was left waiting), on a task so that a
    // regression fails the test instead of hanging the run.
    private static async Task AssertFailingStepsLeaveItTraining(Network model, ImageDataset data, int[] order, Action failingSteps)
    {
        double first = 0, last = 0;
        await FinishesWithin(TimeSpan.FromMinutes(2), Task.Run(() =>
        {
            failingSteps();
            var adam = new Adam(0.01f);
            first = model.TrainStep(data, order, 0, 64, adam).LossSum;
            for (int i = 0; i < 30; i++)
            {
                last = model.TrainStep(data, order, 0, 64, adam).LossSum;
            }
        }));
        Assert.True(double.IsFinite(last) && last < first, $"loss {first} -> {last}");
    }

    // Awaits `work` (rethrowing what it threw); fails instead of hanging when it has not finished within `limit`.
    private static async Task FinishesWithin(TimeSpan limit, Task work)
    {
        Assert.True(await Task.WhenAny(work, Task.Delay(limit)) == work, "a training step did not finish");
        await work;
    }

    private static void AssertFails(Action step)
    {
        var ex = Assert.ThrowsAny<Exception>(step);
        Assert.Contains("optimiser failed", ex is AggregateException a ? a.InnerException!.Message : ex.Message);
    }

    // Fails on the parameters `fails` picks; records (in order) the names of those it updates, with plain SGD.
    private sealed class FailingOptimizer : Optimizer
    {
        private readonly IReadOnlyList<Parameter> _parameters;
        private readonly Func<string, bool> _fails;

        public FailingOptimizer(IReadOnlyList<Parameter> parameters, Func<string, bool> fails)
        {
            _parameters = parameters;
            _fails = fails;
        }

        public List<string> Updated { get; } = new();

        protected override int SlotCount => 0;

        protected override void Update(float[] values, float[] gradient, float[][] slots, long iteration)
        {
            string name = _parameters.First(p => ReferenceEquals(p.Value, values)).Name;
            if (_fails(name))
            {
                throw new InvalidOperationException("optimiser failed");
            }

            lock (Updated)
            {
                Updated.Add(name);
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] -= LearningRate * gradient[i];
            }
        }
    }
}
