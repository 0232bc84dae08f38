using System;

namespace ConvGen;

/// <summary>The residual pass (<see cref="IConv2DResidualKernel.ForwardResidual"/>) split as <see cref="IConv2DPartKernel"/> splits the forward pass.</summary>
internal interface IConv2DResidualPartKernel
{
    /// <summary>Whether <see cref="ForwardResidualPart"/> may be called on this thread now.</summary>
    bool ResidualSplits { get; }

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="IConv2DResidualKernel.ForwardResidual"/>.</summary>
    void ForwardResidualPart(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts);
}
