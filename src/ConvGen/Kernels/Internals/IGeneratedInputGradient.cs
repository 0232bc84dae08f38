using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// A generated kernel's input gradient: the stride-1 correlation of the output gradient (zero-upsampled by the runtime
/// at stride 2, one image at a time) with the flipped, transposed kernel. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedInputGradient : IGeneratedConv2D
{
    /// <summary>Floats of the packed backward-data weights (every layout).</summary>
    static abstract int BackwardDataPackedWeightLength { get; }

    /// <summary>Input channels per block of the 256-bit direct backward-data layout at the start of its buffer, which the generic kernel reads (depthwise: floats per tap row).</summary>
    static abstract int BackwardDataBlockWidth { get; }

    /// <summary>The backward-data code generated.</summary>
    static abstract PackedLayouts BackwardDataCode { get; }

    /// <summary>Packs HWIO weights flipped and transposed into the given layouts (checked by the caller).</summary>
    static abstract void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts);

    /// <summary>The 512-bit direct input gradient of <paramref name="batch"/> (upsampled, at stride 2) gradient images.</summary>
    static virtual void BackwardDataDirect512(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch) =>
        throw GeneratedCode.Missing("512-bit direct input gradient");

    /// <summary>The 256-bit direct input gradient.</summary>
    static virtual void BackwardDataDirect256(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch) =>
        throw GeneratedCode.Missing("256-bit direct input gradient");

    /// <summary>The 512-bit Winograd input gradient (stride 1).</summary>
    static virtual void BackwardDataWinograd512(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch) =>
        throw GeneratedCode.Missing("512-bit Winograd input gradient");

    /// <summary>The 256-bit Winograd input gradient (stride 1).</summary>
    static virtual void BackwardDataWinograd256(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch) =>
        throw GeneratedCode.Missing("256-bit Winograd input gradient");
}
