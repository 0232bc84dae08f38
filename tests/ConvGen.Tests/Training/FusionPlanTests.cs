using System;
using System.Collections.Generic;
using ConvGen.__Internals;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// The fusion decisions a generated network hands the runtime: read as given, and checked against the graph (a
/// decision the graph does not support throws, naming the layer, instead of running a wrongly wired kernel).
/// </summary>
public class FusionPlanTests
{
    // A 2x3x5 image through K14Tiny2x3 (3x3 same, 3 filters, no activation), then whatever the test declares.
    private sealed class HandWired(params LayerDefinition[] layers)
        : Network("HandWired", 2, 3, 5, layers, Array.Empty<LayerSummary>(), seed: 0);

    private static LayerDefinition Head(string name) => LayerDefinition.Dense(name, units: 3, Activation.Softmax, useBias: true);

    [Fact]
    public void DecisionsTheGraphSupportsAreAccepted()
    {
        using var plain = new HandWired(LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel), LayerDefinition.Flatten("flatten"), Head("dense"));
        Assert.Equal(3, plain.OutputCount);
    }

    public static TheoryData<string, Func<LayerDefinition[]>> WrongDecisions() => new()
    {
        {
            "is read only by the max pooling that applies its activation's derivative, layer 2",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, pooling: 2), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
        {
            "leaves its activation's derivative to layer 1, which is not a max pooling",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, pooling: 1), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
        {
            "writes its slice of layer 1, which is not a 3-channel Concatenate",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, sliceOf: 1), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
        {
            "computes the residual Add 1 of layer 0",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, residualAdd: 1, residualInput: -1), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
        {
            "folds layer 1, which is not the next layer's batch normalisation with a folded kernel",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, foldedNormalization: 1), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
        {
            "has a folded kernel but names no batch normalisation to fold",
            () => new[] { LayerDefinition.Conv2D("conv", K14Tiny2x3.Kernel, foldedKernel: K14Tiny2x3.Kernel), LayerDefinition.Flatten("flatten"), Head("dense") }
        },
    };

    [Theory]
    [MemberData(nameof(WrongDecisions))]
    public void DecisionsTheGraphDoesNotSupportThrowNamingTheLayer(string message, Func<LayerDefinition[]> layers)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new HandWired(layers()).Dispose());
        Assert.Contains("Layer 'conv' was generated as a convolution that " + message, error.Message);
    }

    [Fact]
    public void GeneratedNetworksHandOverTheirDecisions()
    {
        // TinyResNet: conv2d_3 folds its normalisation and the Add after it at inference; the projection conv2d_6
        // computes its Add. TinyInception: three branch convolutions write their slices in place.
        using var resnet = new TinyResNet(seed: 1);
        FusionPlan fusion = FusionOf(resnet);
        Assert.Equal(new Dictionary<string, int> { ["conv2d_1"] = 2, ["conv2d_2"] = 4, ["conv2d_3"] = 6 }, Where(resnet, fusion.FoldedNormalization));
        Assert.Equal(new Dictionary<string, int> { ["conv2d_3"] = 7 }, Where(resnet, fusion.FoldedAdd));
        Assert.Equal(new Dictionary<string, int> { ["conv2d_6"] = 11 }, Where(resnet, fusion.ResidualAdd));
        using var inception = new TinyInception(seed: 1);
        Assert.Equal(3, Where(inception, FusionOf(inception).SliceOf).Count);
        using var seed = new SeedModel(seed: 1);
        Assert.Equal(new Dictionary<string, int> { ["conv2d"] = 1, ["conv2d_1"] = 3, ["conv2d_3"] = 6 }, Where(seed, FusionOf(seed).PooledBy));
    }

    private static FusionPlan FusionOf(Network network) => network.Graph.Fusion;

    private static Dictionary<string, int> Where(Network network, int[] decisions)
    {
        var found = new Dictionary<string, int>();
        for (int l = 0; l < decisions.Length; l++)
        {
            if (decisions[l] >= 0)
            {
                found[network.LayerSummaries[l].Name] = decisions[l];
            }
        }

        return found;
    }
}
