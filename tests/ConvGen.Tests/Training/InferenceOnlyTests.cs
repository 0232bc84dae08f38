using System;
using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// Networks declared <c>[ConvNet(InferenceOnly = true)]</c>: with a trainable twin's weights they predict what the
/// twin predicts (batch normalisation folded, and unfolded on the generic kernel), their kernels are forward-only, and
/// <c>Fit</c> refuses with a clear exception.
/// </summary>
public class InferenceOnlyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PredictionsMatchTheTrainableTwinsWithItsWeights(int threads)
    {
        ImageDataset data = TrainingData.Random(48, 6, 6, 3, 3, seed: 31);
        using var trained = new TinyResNet(seed: 32) { Threads = threads };
        trained.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Seed = 3 }); // moves gamma, beta and the moving statistics
        using var inference = new TinyResNetInference(seed: 0) { Threads = threads };
        Assert.True(inference.InferenceOnly);
        Assert.False(trained.InferenceOnly);
        inference.SetWeights(trained.CopyWeights());
        float[] expected = trained.Predict(data);
        AssertClose(expected, inference.Predict(data));

        // Unfolded, the convolutions the network only has folded kernels for run on the generic kernel.
        inference.FoldBatchNormalization = false;
        trained.FoldBatchNormalization = false;
        AssertClose(trained.Predict(data), inference.Predict(data));
    }

    [Fact]
    public void DepthwiseAndDenseNormalisationsFoldAsInTheTwin()
    {
        ImageDataset data = TrainingData.Random(40, 6, 6, 2, 3, seed: 33);
        using var trained = new TinyBatchNormNet(seed: 34) { Threads = 2 };
        trained.Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Seed = 4 });
        using var inference = new TinyBatchNormNetInference(seed: 0) { Threads = 2 };
        inference.SetWeights(trained.CopyWeights());
        AssertClose(trained.Predict(data), inference.Predict(data));
        AssertClose(trained.LayerOutput(data, 3, "conv2d"), inference.LayerOutput(data, 3, "conv2d"));
    }

    [Fact]
    public void FitRefusesNamingTheDeclaration()
    {
        using var model = new TinyResNetInference();
        ImageDataset data = TrainingData.Random(8, 6, 6, 3, 3, seed: 35);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(data));
        Assert.Contains("Network 'TinyResNetInference' is declared [ConvNet(InferenceOnly = true)]", error.Message);
    }

    [Fact]
    public void ConvolutionsFollowedByANormalisationHaveOnlyTheirFoldedKernel()
    {
        // Convolutions followed by batch normalisation have only their folded kernel (the generic kernel computes them
        // alone); the others their forward kernel. (The kernels themselves are shared with TinyResNet's in this test
        // assembly, so they train: GeneratedCodeTests checks that an inference-only network alone gets forward code only.)
        var names = GeneratedKernels.Definitions(typeof(TinyResNetInference))
            .OfType<ConvGen.__Internals.LayerDefinition.Conv2DDefinition>()
            .Select(d => (d.Name, d.Kernel, d.FoldedKernel))
            .ToList();
        Assert.Equal(7, names.Count);
        foreach (var (name, kernel, folded) in names)
        {
            if (folded is not null)
            {
                Assert.IsType<GenericConv2DKernel>(kernel);
            }
            else
            {
                Assert.IsNotType<GenericConv2DKernel>(kernel);
            }
        }

        Assert.Equal(3, names.Count(n => n.FoldedKernel is not null));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(worst < 1e-5, $"predictions differ by {worst:E2}");
    }
}
