using System;

namespace ConvGen;

/// <summary>
/// A kernel that computes the gradient with respect to its input: the backward pass of a convolution with something
/// trainable before it (a network's first convolution has none, and its kernel lacks this).
/// </summary>
public interface IConv2DInputGradientKernel : IConv2DKernel
{
    /// <summary>Floats in the packed backward-data weights.</summary>
    int BackwardDataPackedWeightLength { get; }

    /// <summary>Floats of scratch <see cref="BackwardData"/> needs (one zero-upsampled gradient image at stride 2, else 0).</summary>
    int BackwardDataScratchLength { get; }

    /// <summary>Packs HWIO weights for <see cref="BackwardData"/>: flipped and transposed, every layout.</summary>
    void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed);

    /// <summary>Packs HWIO weights for <see cref="BackwardData"/> into the given <paramref name="layouts"/> only.</summary>
    void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts);

    /// <summary>The layouts of the packed backward-data weights <see cref="BackwardData"/> reads when called on this thread now.</summary>
    PackedLayouts BackwardDataLayouts { get; }

    /// <summary>Writes the gradient with respect to the input from the pre-activation gradient (overwrites <paramref name="gradInput"/>).</summary>
    void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch);
}
