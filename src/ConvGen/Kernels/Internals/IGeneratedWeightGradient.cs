using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// A generated kernel's weight gradient: one method per kind of code (direct or Winograd, 512- or 256-bit), each
/// adding the batch's HWIO gradient into a cleared buffer. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedWeightGradient : IGeneratedConv2D
{
    /// <summary>The weight-gradient code generated, named by the layout flag of its kind and width.</summary>
    static abstract PackedLayouts WeightGradientCode { get; }

    /// <summary>The 512-bit direct weight gradient.</summary>
    static virtual void WeightGradientDirect512(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        throw GeneratedCode.Missing("512-bit direct weight gradient");

    /// <summary>The 256-bit direct weight gradient.</summary>
    static virtual void WeightGradientDirect256(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        throw GeneratedCode.Missing("256-bit direct weight gradient");

    /// <summary>The 512-bit Winograd weight gradient.</summary>
    static virtual void WeightGradientWinograd512(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        throw GeneratedCode.Missing("512-bit Winograd weight gradient");

    /// <summary>The 256-bit Winograd weight gradient.</summary>
    static virtual void WeightGradientWinograd256(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        throw GeneratedCode.Missing("256-bit Winograd weight gradient");
}
