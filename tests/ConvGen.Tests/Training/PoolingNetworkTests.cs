using System;
using System.Linq;
using ConvGen.__Internals;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// The pooling layers in a whole network, built from the definitions a generated class would hand over (the generator
/// does not declare them yet): shapes through the graph, gradients of the whole network against finite differences,
/// and the builder's checks.
/// </summary>
public class PoolingNetworkTests
{
    // 9x9x1 -> conv 3x3 same (8 filters) -> the pooling given (e.g. average 3x3/2, pads 1,1,0,0: 4x4x8) -> max 2x2/1, pads
    // 0,0,1,1 (4x4x8) -> the global pooling given (8) -> dense 3, softmax.
    private sealed class PooledNet : Network
    {
        public PooledNet(LayerDefinition pooling, LayerDefinition global, int seed)
            : base(nameof(PooledNet), 9, 9, 1, new[]
            {
                LayerDefinition.Conv2D("conv", K10One2Eight.Kernel),
                pooling,
                LayerDefinition.MaxPool2D("max", 2, 1, 0, 0, 1, 1),
                global,
                LayerDefinition.Dense("dense", 3, Activation.Softmax, useBias: true),
            }, Array.Empty<LayerSummary>(), seed)
        {
        }
    }

    [Theory]
    [InlineData(true, false, 1)]
    [InlineData(false, false, 2)]
    [InlineData(true, true, 2)]
    public void GradientsFlowThroughAverageAndGlobalPooling(bool countIncludePad, bool globalMax, int threads)
    {
        using var model = new PooledNet(
            LayerDefinition.AveragePooling2D("average", 3, 2, 1, 1, 0, 0, countIncludePad),
            globalMax ? LayerDefinition.GlobalMaxPooling2D("global") : LayerDefinition.GlobalAveragePooling2D("global"),
            seed: 4);
        model.Threads = threads;
        Assert.Equal(3, model.OutputCount);
        GraphTests.CheckGradients(model, 9, 9, 1, seed: 5);
    }

    [Fact]
    public void KerasPaddedAveragePoolingKeepsTheSize()
    {
        using var model = new PooledNet(LayerDefinition.AveragePooling2D("average", 3, 1, Padding.Same), LayerDefinition.GlobalAveragePooling2D("global"), seed: 1);
        ImageDataset data = TrainingData.Random(4, 9, 9, 1, 3, 2);
        float[] p = model.Predict(data);
        Assert.Equal(12, p.Length);
        for (int n = 0; n < 4; n++)
        {
            Assert.Equal(1.0, p.Skip(3 * n).Take(3).Sum(), 5);
        }
    }

    [Theory]
    [InlineData(3, 0, 0, 0)]
    [InlineData(0, 0, 0, -1)]
    public void PadsOutsideTheWindowAreRefusedNamingTheLayer(int top, int left, int bottom, int right)
    {
        var e = Assert.Throws<ArgumentException>(() => new PooledNet(
            LayerDefinition.AveragePooling2D("average", 3, 2, top, left, bottom, right, false), LayerDefinition.GlobalAveragePooling2D("global"), seed: 1));
        Assert.Contains("'average'", e.Message);
        Assert.Contains($"pads {top}, {left}, {bottom}, {right}", e.Message);
    }

    [Fact]
    public void PoolingAFlatTensorIsRefusedNamingTheLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => new PooledNet(LayerDefinition.Flatten("flat"), LayerDefinition.GlobalMaxPooling2D("global"), seed: 1));
        Assert.Contains("'max'", e.Message); // the max pooling after the Flatten is the first to object
    }
}
