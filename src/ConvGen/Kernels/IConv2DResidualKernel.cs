using System;

namespace ConvGen;

/// <summary>
/// A kernel with a residual Add fused into its epilogue: the generator gives it to a convolution whose output only a
/// two-input Add reads, so the Add costs no pass of its own.
/// </summary>
public interface IConv2DResidualKernel : IConv2DKernel
{
    /// <summary>The activation <see cref="ForwardResidual"/> applies after adding the residual (the Add's).</summary>
    Activation ResidualActivation { get; }

    /// <summary>
    /// Computes activation(conv(input) + bias + residual) into <paramref name="output"/>, where
    /// <paramref name="residual"/> is shaped like the output: a convolution and the residual Add after it in one pass.
    /// </summary>
    void ForwardResidual(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch);
}
