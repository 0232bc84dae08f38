using System;

namespace ConvGen;

/// <summary>
/// A convolution kernel specialised by the generator for one <see cref="Conv2DShape"/>. Weights are given once in
/// Keras's HWIO order to <see cref="PackWeights"/>, which lays them out in the order the kernel reads them.
/// </summary>
public interface IConv2DKernel
{
    /// <summary>The shape the kernel was generated for.</summary>
    Conv2DShape Shape { get; }

    /// <summary>Floats in the packed weight buffer.</summary>
    int PackedWeightLength { get; }

    /// <summary>Packs HWIO weights (k·k·Cin·Cout floats) into <paramref name="packed"/>.</summary>
    void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed);

    /// <summary>
    /// Computes <paramref name="batch"/> NHWC output images from NHWC input images with packed weights. Uses the
    /// generated SIMD kernel where the CPU supports it, the generic kernel elsewhere. <paramref name="bias"/> is
    /// ignored by kernels declared without bias.
    /// </summary>
    void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch);
}
