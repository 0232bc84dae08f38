using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>A generated kernel with a residual Add in its epilogue (direct code; it reads the direct layouts). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedResidualConv2D : IGeneratedConv2D
{
    /// <summary>The Add's activation.</summary>
    static abstract Activation ResidualActivation { get; }

    /// <summary>The residual code generated: <see cref="PackedLayouts.Vector512Direct"/> and/or <see cref="PackedLayouts.Vector256Direct"/>.</summary>
    static abstract PackedLayouts ResidualCode { get; }

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Residual512"/>'s output rows (when <see cref="IGeneratedConv2D.HasParts"/>).</summary>
    static virtual void Residual512Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("512-bit residual forward part");

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Residual256"/>'s output rows (when <see cref="IGeneratedConv2D.HasParts"/>).</summary>
    static virtual void Residual256Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("256-bit residual forward part");

    /// <summary>activation(conv + bias + residual), 512-bit.</summary>
    static virtual void Residual512(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("512-bit residual forward");

    /// <summary>activation(conv + bias + residual), 256-bit.</summary>
    static virtual void Residual256(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("256-bit residual forward");
}
