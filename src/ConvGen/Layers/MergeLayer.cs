using System;

namespace ConvGen;

/// <summary>
/// A layer reading several earlier layers' outputs (given to the merge calls as arrays, one per input); the single-input
/// <see cref="Layer.Forward"/>/<see cref="Layer.Backward"/> are not used.
/// </summary>
internal abstract class MergeLayer : Layer
{
    protected MergeLayer(string name, int[] inputLengths, int outputLength)
        : base(name, inputLengths[0], outputLength) => InputLengths = inputLengths;

    public int[] InputLengths { get; }

    public abstract void ForwardMerge(AlignedBuffer[] inputs, Span<float> output, int batch);

    /// <summary>Writes the gradient of input <paramref name="index"/> into <paramref name="gradInput"/> (overwritten).</summary>
    public abstract void BackwardMerge(ReadOnlySpan<float> output, Span<float> gradOutput, int index, Span<float> gradInput, int batch);

    /// <summary>Called once per backward pass, before the per-input calls (for work shared by all inputs).</summary>
    public virtual void PrepareBackward(ReadOnlySpan<float> output, Span<float> gradOutput, int batch)
    {
    }

    public sealed override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        throw new InvalidOperationException("A merge layer runs through ForwardMerge.");

    public sealed override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step) =>
        throw new InvalidOperationException("A merge layer runs through BackwardMerge.");
}
