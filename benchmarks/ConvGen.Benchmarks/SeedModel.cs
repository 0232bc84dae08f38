using System;
using BenchmarkDotNet.Attributes;
using ConvGen.Samples;

namespace ConvGen.Benchmarks;

/// <summary>
/// The seed model end to end: one training epoch (60,000 images, batch 64, Adam) and inference over 10,000 images
/// (batch 256), at 1 and 2 threads. Real Fashion-MNIST when installed, else random images of the same size (the
/// work is the same). An epoch takes seconds, so whatever job the command line asks for, this class runs one
/// invocation per iteration: 1 warm-up and 3 measured iterations (mutators, so they apply to that job).
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1)]
public class SeedModel
{
    public const int TrainImages = 60_000;
    public const int TestImages = 10_000;

    private FashionCnn _model = null!;
    private ImageDataset _train = null!, _test = null!;
    private int _epoch;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (ImageDataset Train, ImageDataset Test)? data = SampleData.Load(new SampleOptions());
        _train = data?.Train ?? Random(TrainImages, 1);
        _test = data?.Test ?? Random(TestImages, 2);
        _model = new FashionCnn(seed: 0) { Threads = Threads };
    }

    [Benchmark(Description = "TrainEpoch")]
    public double TrainEpoch() =>
        _model.Fit(_train, new FitOptions { Epochs = 1, BatchSize = 64, Seed = ++_epoch }).Epochs[^1].Loss;

    [Benchmark(Description = "Inference")]
    public float Inference() => _model.Predict(_test, batchSize: 256)[0];

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private static ImageDataset Random(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        random.NextBytes(pixels);
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(10);
        }

        return new ImageDataset(pixels, labels, 28, 28, 1, 10);
    }
}
