using System;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// The forward pass of any convolution on the generic kernels, as an <see cref="IConv2DKernel"/>: what an
/// inference-only network runs for a convolution it only ever runs with batch normalisation folded in, when asked to
/// run it alone. Its packed weights are the HWIO weights.
/// </summary>
internal sealed class GenericConv2DKernel(Conv2DShape shape) : IConv2DKernel
{
    public Conv2DShape Shape { get; } = shape.WritesSlice
        ? throw new ArgumentException($"The generic kernel writes dense outputs, not the {shape} slice.", nameof(shape))
        : shape;

    public int PackedWeightLength => Shape.WeightLength;

    public PackedLayouts ForwardLayouts => PackedLayouts.All;

    public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed) => PackWeights(weightsHwio, packed, PackedLayouts.All);

    public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts)
    {
        KernelArguments.CheckPacking(packed.Length, PackedWeightLength);
        ShapeChecks.Exactly(weightsHwio.Length, Shape.WeightLength, nameof(weightsHwio), "the convolution's weights");
        if (layouts != PackedLayouts.None)
        {
            weightsHwio.CopyTo(packed);
        }
    }

    public void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)
    {
        if (Shape.Depthwise)
        {
            KernelArguments.CheckConvolution(Shape, input.Length, packedWeights.Length, PackedWeightLength, bias.Length, output.Length, batch);
            GenericDepthwiseConv2D.Forward(Shape, input, packedWeights, Shape.Channels, bias, output, batch);
        }
        else
        {
            GenericConv2D.Forward(Shape, input, packedWeights, bias, output, batch);
        }
    }

    public override string ToString() => $"generic ({Shape})";
}
