using System;

namespace ConvGen;

/// <summary>
/// A convolution kernel specialised by the generator for one <see cref="Conv2DShape"/>: its forward pass. Weights are
/// given once in Keras's HWIO order to <see cref="PackWeights(ReadOnlySpan{float}, Span{float})"/>, which lays them out
/// in the order the kernel reads them. A kernel that can do more implements more: <see cref="IConv2DResidualKernel"/>
/// (a residual Add in its epilogue), <see cref="IConv2DWeightGradientKernel"/> and <see cref="IConv2DInputGradientKernel"/>
/// (training). A kernel generated for inference only (a network declared <c>InferenceOnly</c>, or a convolution with
/// batch normalisation folded in) implements the forward pass alone.
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
    /// Packs HWIO weights into the given <paramref name="layouts"/> of <paramref name="packed"/> only; the rest of the
    /// buffer keeps what it held.
    /// </summary>
    void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts);

    /// <summary>
    /// The layouts of the packed weights that the forward passes (<see cref="Forward"/>, and
    /// <see cref="IConv2DResidualKernel.ForwardResidual"/> when the kernel has it) read when called on this thread now:
    /// they depend on the CPU and on <see cref="KernelDispatch"/>'s switches.
    /// </summary>
    PackedLayouts ForwardLayouts { get; }

    /// <summary>
    /// Computes <paramref name="batch"/> NHWC output images from NHWC input images with packed weights. Uses the
    /// generated SIMD kernel where the CPU supports it, the generic kernel elsewhere. <paramref name="bias"/> is
    /// ignored by kernels declared without bias.
    /// </summary>
    void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch);
}
