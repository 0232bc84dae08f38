using System;

namespace ConvGen;

/// <summary>A kernel that trains its layer's weights: the activation's derivative with the bias gradient, and the weight gradient.</summary>
public interface IConv2DWeightGradientKernel : IConv2DKernel
{
    /// <summary>
    /// In place, turns the gradient of the layer's output into the gradient of its pre-activation (the ReLU
    /// derivative) and writes the bias gradient, in one pass.
    /// </summary>
    void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch);

    /// <summary>Writes the HWIO weight gradient summed over the batch from the input and the pre-activation gradient.</summary>
    void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch);
}
