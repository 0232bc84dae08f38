using System;

namespace ConvGen;

/// <summary>
/// A convolution kernel specialised by the generator for one <see cref="Conv2DShape"/>. Weights are given once in
/// Keras's HWIO order to <see cref="PackWeights(ReadOnlySpan{float}, Span{float})"/>, which lays them out in the order the kernel reads them.
/// </summary>
public interface IConv2DKernel
{
    /// <summary>The shape the kernel was generated for.</summary>
    Conv2DShape Shape { get; }

    /// <summary>Floats in the packed weight buffer.</summary>
    int PackedWeightLength { get; }

    /// <summary>Packs HWIO weights (k·k·Cin·Cout floats) into <paramref name="packed"/>: every layout.</summary>
    void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed);

    /// <summary>
    /// The layouts of the packed weights that <see cref="Forward"/> and <see cref="ForwardResidual"/> read when called
    /// on this thread now (they depend on the CPU and on <see cref="KernelDispatch"/>'s switches).
    /// <see cref="PackedLayouts.All"/> for kernels that do not tell.
    /// </summary>
    PackedLayouts ForwardLayouts => PackedLayouts.All;

    /// <summary>
    /// Packs HWIO weights into the given <paramref name="layouts"/> of <paramref name="packed"/> only; the rest of the
    /// buffer keeps what it held. Kernels that do not tell their layouts pack them all.
    /// </summary>
    void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts) => PackWeights(weightsHwio, packed);

    /// <summary>
    /// Computes <paramref name="batch"/> NHWC output images from NHWC input images with packed weights. Uses the
    /// generated SIMD kernel where the CPU supports it, the generic kernel elsewhere. <paramref name="bias"/> is
    /// ignored by kernels declared without bias.
    /// </summary>
    void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch);

    /// <summary>
    /// Whether <see cref="ForwardResidual"/> is available: the generator adds it to a convolution whose output only a
    /// two-input Add reads, so the Add is computed in the convolution's epilogue.
    /// </summary>
    bool HasResidualForward => false;

    /// <summary>The activation <see cref="ForwardResidual"/> applies after adding the residual (the Add's).</summary>
    Activation ResidualActivation => Activation.None;

    /// <summary>
    /// Computes activation(conv(input) + bias + residual) into <paramref name="output"/>, where
    /// <paramref name="residual"/> is shaped like the output: a convolution and the residual Add after it in one pass.
    /// </summary>
    void ForwardResidual(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        throw new NotSupportedException($"The {Shape} kernel has no residual epilogue.");

    /// <summary>False for forward-only kernels (a convolution with batch normalisation folded in, for inference).</summary>
    bool SupportsTraining { get; }

    /// <summary>Whether <see cref="BackwardData"/> is available (a network's first convolution has none).</summary>
    bool HasBackwardData { get; }

    /// <summary>Floats in the packed backward-data weights (0 without <see cref="HasBackwardData"/>).</summary>
    int BackwardDataPackedWeightLength { get; }

    /// <summary>Floats of scratch <see cref="BackwardData"/> needs.</summary>
    int BackwardDataScratchLength { get; }

    /// <summary>Packs HWIO weights for <see cref="BackwardData"/>: flipped and transposed, every layout.</summary>
    void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed);

    /// <summary>The layouts of the packed backward-data weights <see cref="BackwardData"/> reads when called on this thread now.</summary>
    PackedLayouts BackwardDataLayouts => PackedLayouts.All;

    /// <summary>Packs HWIO weights for <see cref="BackwardData"/> into the given <paramref name="layouts"/> only.</summary>
    void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts) => PackBackwardDataWeights(weightsHwio, packed);

    /// <summary>
    /// In place, turns the gradient of the layer's output into the gradient of its pre-activation (the ReLU
    /// derivative) and writes the bias gradient, in one pass.
    /// </summary>
    void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch);

    /// <summary>Writes the HWIO weight gradient summed over the batch from the input and the pre-activation gradient.</summary>
    void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch);

    /// <summary>Writes the gradient with respect to the input from the pre-activation gradient.</summary>
    void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch);
}
