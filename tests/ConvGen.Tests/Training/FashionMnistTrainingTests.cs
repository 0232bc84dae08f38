using System.Diagnostics;
using ConvGen.Tests.Declarations;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests.Training;

/// <summary>
/// The seed model on the real Fashion-MNIST (Debian's dataset-fashion-mnist, which .ci/run and the README's
/// commands install): one epoch on the first 12,000 training images must reach 0.75 test accuracy, which a
/// broken network cannot (chance is 0.10).
/// </summary>
public class FashionMnistTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void OneEpochOnTwelveThousandImagesReachesSeventyFivePercent()
    {
        var (train, test) = FashionMnist.Load();
        using var model = new SeedModel(seed: 0) { Threads = 2 };
        var clock = Stopwatch.StartNew();
        model.Fit(train.Take(12_000), new FitOptions { Epochs = 1, BatchSize = 64, Seed = 0 });
        Evaluation result = model.Evaluate(test);
        output.WriteLine($"accuracy {result.Accuracy:F4}, loss {result.Loss:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(result.Accuracy >= 0.75, $"test accuracy {result.Accuracy:F4} < 0.75");
        Assert.True(clock.Elapsed.TotalSeconds < 60, $"took {clock.Elapsed.TotalSeconds:F0} s");
    }
}
