using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// The forward pass of a generated kernel, as static members of the struct the generator writes: its shape, its packed
/// layouts and one method per kind of code it was generated with (direct or Winograd, 512- or 256-bit). The runtime's
/// adapters (<see cref="ForwardKernel{TKernel}"/> and its kin) check arguments, choose the code for the CPU and
/// <see cref="KernelDispatch"/>'s switches, and fall back to the generic kernel. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedConv2D
{
    /// <summary>The convolution the kernel computes.</summary>
    static abstract Conv2DShape Shape { get; }

    /// <summary>Floats of the packed forward weights (every layout).</summary>
    static abstract int PackedWeightLength { get; }

    /// <summary>
    /// Output channels per block of the 256-bit direct layout at the start of the packed weights, which the generic
    /// kernel reads (a depthwise kernel: floats per packed tap row, its one layout).
    /// </summary>
    static abstract int BlockWidth { get; }

    /// <summary>The forward code generated: which of <see cref="Direct512"/>, <see cref="Direct256"/>, <see cref="Winograd512"/>, <see cref="Winograd256"/> exist.</summary>
    static abstract PackedLayouts ForwardCode { get; }

    /// <summary>Packs HWIO weights into the given layouts of <paramref name="packed"/> (checked by the caller).</summary>
    static abstract void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts);

    /// <summary>
    /// Whether every forward code (and residual code) has its <c>Part</c> entry, which computes one share of the batch's
    /// output rows (direct) or tiles (Winograd) exactly as the whole pass computes them: what lets threads split fewer
    /// images than they are. False for kernels generated without them (depthwise).
    /// </summary>
    static virtual bool HasParts => false;

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Direct512"/>'s output rows (when <see cref="HasParts"/>).</summary>
    static virtual void Direct512Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("512-bit direct forward part");

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Direct256"/>'s output rows (when <see cref="HasParts"/>).</summary>
    static virtual void Direct256Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("256-bit direct forward part");

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Winograd512"/>'s tiles (when <see cref="HasParts"/>).</summary>
    static virtual void Winograd512Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("512-bit Winograd forward part");

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Winograd256"/>'s tiles (when <see cref="HasParts"/>).</summary>
    static virtual void Winograd256Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts) =>
        throw GeneratedCode.Missing("256-bit Winograd forward part");

    /// <summary>The 512-bit direct convolution (when <see cref="ForwardCode"/> has <see cref="PackedLayouts.Vector512Direct"/>).</summary>
    static virtual void Direct512(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("512-bit direct forward");

    /// <summary>The 256-bit direct convolution (when <see cref="ForwardCode"/> has <see cref="PackedLayouts.Vector256Direct"/>).</summary>
    static virtual void Direct256(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("256-bit direct forward");

    /// <summary>The 512-bit Winograd convolution (when <see cref="ForwardCode"/> has <see cref="PackedLayouts.Vector512Winograd"/>).</summary>
    static virtual void Winograd512(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("512-bit Winograd forward");

    /// <summary>The 256-bit Winograd convolution (when <see cref="ForwardCode"/> has <see cref="PackedLayouts.Vector256Winograd"/>).</summary>
    static virtual void Winograd256(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        throw GeneratedCode.Missing("256-bit Winograd forward");
}
