using System;

namespace ConvGen;

/// <summary>NHWC is already Keras's flattening order: the output is the input's buffer (or a copy when that buffer has other readers).</summary>
internal sealed class FlattenLayer : Layer
{
    public FlattenLayer(string name, int length)
        : base(name, length, length)
    {
    }

    public override bool IsView => true;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        if (!input.Overlaps(output))
        {
            input.Slice(0, batch * InputLength).CopyTo(output);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        if (needGradInput && !gradOutput.Overlaps(gradInput))
        {
            gradOutput.Slice(0, batch * InputLength).CopyTo(gradInput);
        }
    }
}
