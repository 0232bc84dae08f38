using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// A generated kernel's forward pass as an <see cref="IConv2DKernel"/>: the adapter a generated kernel struct hands out
/// when it was generated for inference only. Its kin add the capabilities the struct has:
/// <see cref="ResidualKernel{TKernel}"/>, <see cref="WeightGradientKernel{TKernel}"/>, <see cref="TrainingKernel{TKernel}"/>,
/// <see cref="ResidualWeightGradientKernel{TKernel}"/>, <see cref="ResidualTrainingKernel{TKernel}"/>. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ForwardKernel<TKernel> : IConv2DKernel, IConv2DPartKernel
    where TKernel : IGeneratedConv2D
{
    /// <inheritdoc />
    public Conv2DShape Shape => TKernel.Shape;

    /// <inheritdoc />
    public int PackedWeightLength => TKernel.PackedWeightLength;

    /// <inheritdoc />
    public virtual PackedLayouts ForwardLayouts => GeneratedCalls.ForwardLayouts<TKernel>();

    /// <inheritdoc />
    public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed) => GeneratedCalls.PackWeights<TKernel>(weightsHwio, packed, PackedLayouts.All);

    /// <inheritdoc />
    public void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts) => GeneratedCalls.PackWeights<TKernel>(weightsHwio, packed, layouts);

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>
        GeneratedCalls.Forward<TKernel>(input, packedWeights, bias, output, batch);

    /// <inheritdoc />
    bool IConv2DPartKernel.ForwardSplits => GeneratedCalls.ForwardSplits<TKernel>();

    /// <inheritdoc />
    void IConv2DPartKernel.ForwardPart(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts) =>
        GeneratedCalls.ForwardPart<TKernel>(input, packedWeights, bias, output, batch, part, parts);

    /// <inheritdoc />
    public override string ToString() => $"{typeof(TKernel).Name} ({Shape})";
}

/// <summary>A generated kernel with a residual epilogue, forward only. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ResidualKernel<TKernel> : ForwardKernel<TKernel>, IConv2DResidualKernel, IConv2DResidualPartKernel
    where TKernel : IGeneratedResidualConv2D
{
    /// <inheritdoc />
    public Activation ResidualActivation => TKernel.ResidualActivation;

    /// <inheritdoc />
    public override PackedLayouts ForwardLayouts => GeneratedCalls.ResidualLayouts<TKernel>();

    /// <inheritdoc />
    public void ForwardResidual(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        GeneratedCalls.ForwardResidual<TKernel>(input, packedWeights, bias, residual, output, batch);

    /// <inheritdoc />
    bool IConv2DResidualPartKernel.ResidualSplits => GeneratedCalls.ResidualSplits<TKernel>();

    /// <inheritdoc />
    void IConv2DResidualPartKernel.ForwardResidualPart(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts) =>
        GeneratedCalls.ForwardResidualPart<TKernel>(input, packedWeights, bias, residual, output, batch, part, parts);
}

/// <summary>A generated kernel that trains its weights but computes no input gradient (nothing trainable lies before it). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class WeightGradientKernel<TKernel> : ForwardKernel<TKernel>, IConv2DWeightGradientKernel
    where TKernel : IGeneratedWeightGradient
{
    /// <inheritdoc />
    public void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch) =>
        GeneratedCalls.BackwardActivation<TKernel>(output, gradOutput, gradBias, batch);

    /// <inheritdoc />
    public void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        GeneratedCalls.BackwardWeights<TKernel>(input, gradOutput, gradWeights, batch);
}

/// <summary>A generated kernel with every training pass. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TrainingKernel<TKernel> : WeightGradientKernel<TKernel>, IConv2DInputGradientKernel
    where TKernel : IGeneratedWeightGradient, IGeneratedInputGradient
{
    /// <inheritdoc />
    public int BackwardDataPackedWeightLength => TKernel.BackwardDataPackedWeightLength;

    /// <inheritdoc />
    public int BackwardDataScratchLength => GeneratedCalls.BackwardDataScratchLength(TKernel.Shape);

    /// <inheritdoc />
    public PackedLayouts BackwardDataLayouts => GeneratedCalls.BackwardDataLayouts<TKernel>();

    /// <inheritdoc />
    public void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed) =>
        GeneratedCalls.PackBackwardDataWeights<TKernel>(weightsHwio, packed, PackedLayouts.All);

    /// <inheritdoc />
    public void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts) =>
        GeneratedCalls.PackBackwardDataWeights<TKernel>(weightsHwio, packed, layouts);

    /// <inheritdoc />
    public void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch) =>
        GeneratedCalls.BackwardData<TKernel>(gradOutput, packedBackwardWeights, gradInput, scratch, batch);
}

/// <summary>A generated kernel with a residual epilogue that trains its weights but computes no input gradient. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ResidualWeightGradientKernel<TKernel> : ResidualKernel<TKernel>, IConv2DWeightGradientKernel
    where TKernel : IGeneratedResidualConv2D, IGeneratedWeightGradient
{
    /// <inheritdoc />
    public void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch) =>
        GeneratedCalls.BackwardActivation<TKernel>(output, gradOutput, gradBias, batch);

    /// <inheritdoc />
    public void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch) =>
        GeneratedCalls.BackwardWeights<TKernel>(input, gradOutput, gradWeights, batch);
}

/// <summary>A generated kernel with a residual epilogue and every training pass. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ResidualTrainingKernel<TKernel> : ResidualWeightGradientKernel<TKernel>, IConv2DInputGradientKernel
    where TKernel : IGeneratedResidualConv2D, IGeneratedWeightGradient, IGeneratedInputGradient
{
    /// <inheritdoc />
    public int BackwardDataPackedWeightLength => TKernel.BackwardDataPackedWeightLength;

    /// <inheritdoc />
    public int BackwardDataScratchLength => GeneratedCalls.BackwardDataScratchLength(TKernel.Shape);

    /// <inheritdoc />
    public PackedLayouts BackwardDataLayouts => GeneratedCalls.BackwardDataLayouts<TKernel>();

    /// <inheritdoc />
    public void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed) =>
        GeneratedCalls.PackBackwardDataWeights<TKernel>(weightsHwio, packed, PackedLayouts.All);

    /// <inheritdoc />
    public void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts) =>
        GeneratedCalls.PackBackwardDataWeights<TKernel>(weightsHwio, packed, layouts);

    /// <inheritdoc />
    public void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch) =>
        GeneratedCalls.BackwardData<TKernel>(gradOutput, packedBackwardWeights, gradInput, scratch, batch);
}
