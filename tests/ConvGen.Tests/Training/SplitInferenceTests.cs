using System;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// Inference over fewer images than threads: every convolution is split between the workers by output rows (or
/// Winograd tiles), each computed as one thread computes it, so the outputs are bit-identical to one thread's; every
/// worker gets its part; steady-state calls allocate nothing.
/// </summary>
public class SplitInferenceTests
{
    [Theory]
    [InlineData("SeedModel", 1, 2, true, false)] // Winograd tiles, direct rows, a flattened 1x1
    [InlineData("SeedModel", 3, 4, true, false)] // parts that cross images' ends
    [InlineData("SeedModel", 1, 2, true, true)] // the 256-bit code on every worker
    [InlineData("TinyResNet", 1, 2, true, false)] // residual Adds in the epilogues, normalisations folded
    [InlineData("TinyResNet", 1, 2, false, false)] // normalisations as their own layers
    [InlineData("TinyResNet", 2, 3, true, false)]
    [InlineData("TinyResNetInference", 1, 2, true, false)] // folded kernels with the residual Add
    [InlineData("WinogradBlock", 1, 2, true, false)] // a Winograd branch writing its slice of a concatenation
    public void FewerImagesThanThreadsGiveTheOneThreadOutputsBitForBit(string network, int batch, int threads, bool fold, bool vector256)
    {
        float[] Predict(int count)
        {
            using Network model = Create(network, count);
            model.FoldBatchNormalization = fold;
            float[] images = TestData.Uniform(batch * model.InputLength, seed: 41);
            var outputs = new float[batch * model.OutputCount];
            using (vector256 ? KernelDispatch.ForceVector256() : default)
            {
                model.Predict(images, outputs, batch, batchSize: batch);
            }

            return outputs;
        }

        float[] one = Predict(1), split = Predict(threads);
        Assert.Contains(one, v => v != 0);
        Assert.Equal(one, split);

        // As many threads as images: the batch is split by images, as before; the same outputs too.
        if (batch > 1)
        {
            Assert.Equal(one, Predict(batch));
        }
    }

    [Fact]
    public void AtBatchOneTheSecondWorkerComputesAndSteadyStateCallsAllocateNothing()
    {
        using var model = new SeedModel(seed: 5) { Threads = 2 };
        float[] image = TestData.Uniform(model.InputLength, seed: 42);
        var output = new float[model.OutputCount];
        model.Predict(image, output, 1, batchSize: 1);

        // The seed model's 3x3 convolutions after the first run Winograd on AVX2 and AVX-512: the second worker got its
        // Winograd scratch (a thread's own, allocated the first time it runs such a kernel) when it computed its tiles.
        if (KernelDispatch.Active != "generic")
        {
            Assert.True(model.WorkerAllocatedBytes > 0, "the second worker ran no Winograd tiles");
        }

        long before = GC.GetAllocatedBytesForCurrentThread(), workers = model.WorkerAllocatedBytes;
        for (int i = 0; i < 5; i++)
        {
            model.Predict(image, output, 1, batchSize: 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, model.WorkerAllocatedBytes - workers);
    }

    [Fact]
    public void EveryWorkerRunsItsOwnPartOnItsOwnThread()
    {
        var shape = new Conv2DShape(4, 4, 2, 3, 3, 1, Padding.Same, Activation.None, true);
        var kernel = new RecordingKernel(shape, splits: true);
        var layer = new Conv2DLayer("conv", kernel);
        using var pool = new WorkerPool(3);
        var split = new ConvolutionSplit { Pool = pool };
        var input = new AlignedBuffer(shape.InputImageLength);
        var output = new AlignedBuffer(shape.OutputImageLength);
        split.Run(layer, ConvolutionPass.Plain, input, null, output, 1, layer.CreateWorkspace(1), default);

        Assert.Equal(0, kernel.WholeRuns);
        Assert.Equal(new[] { 3, 3, 3 }, kernel.PartsSeen);
        Assert.Equal(Environment.CurrentManagedThreadId, kernel.Threads[0]);
        Assert.NotEqual(kernel.Threads[0], kernel.Threads[1]);
        Assert.NotEqual(kernel.Threads[0], kernel.Threads[2]);
        Assert.NotEqual(kernel.Threads[1], kernel.Threads[2]);

        // A kernel without parts on this thread (the generic path) runs whole on the calling thread.
        var whole = new RecordingKernel(shape, splits: false);
        var wholeLayer = new Conv2DLayer("conv", whole);
        split.Run(wholeLayer, ConvolutionPass.Plain, input, null, output, 1, wholeLayer.CreateWorkspace(1), default);
        Assert.Equal(1, whole.WholeRuns);
        Assert.Equal(new[] { 0, 0, 0 }, whole.PartsSeen);
    }

    private static Network Create(string network, int threads) => network switch
    {
        "SeedModel" => new SeedModel(seed: 3) { Threads = threads },
        "TinyResNet" => new TinyResNet(seed: 3) { Threads = threads },
        "TinyResNetInference" => new TinyResNetInference(seed: 3) { Threads = threads },
        "WinogradBlock" => new WinogradBlock(seed: 3) { Threads = threads },
        _ => throw new ArgumentException(network, nameof(network)),
    };

    // Records which thread ran which part (and whether the whole pass ran instead).
    private sealed class RecordingKernel(Conv2DShape shape, bool splits) : IConv2DKernel, IConv2DPartKernel
    {
        public int[] Threads { get; } = new int[3];

        public int[] PartsSeen { get; } = new int[3];

        public int WholeRuns { get; private set; }

        public Conv2DShape Shape => shape;

        public int PackedWeightLength => 1;

        public PackedLayouts ForwardLayouts => PackedLayouts.All;

        public bool ForwardSplits => splits;

        public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed)
        {
        }

        public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts)
        {
        }

        public void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) => WholeRuns++;

        public void ForwardPart(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts)
        {
            Threads[part] = Environment.CurrentManagedThreadId;
            PartsSeen[part] = parts;
        }
    }
}
