using System;

namespace ConvGen;

/// <summary>Sums tensors of one shape, then an activation (a residual connection); every input receives the same gradient.</summary>
internal sealed class AddLayer : MergeLayer
{
    private readonly Activation _activation;
    private readonly int _channels;

    public AddLayer(string name, int length, int channels, int inputs, Activation activation)
        : base(name, Filled(inputs, length), length)
    {
        _activation = activation;
        _channels = channels;
    }

    public Activation Activation => _activation;

    public override void ForwardMerge(AlignedBuffer[] inputs, Span<float> output, int batch)
    {
        int length = batch * OutputLength;
        inputs[0].AsSpan(0, length).CopyTo(output);
        for (int k = 1; k < inputs.Length; k++)
        {
            VectorMath.AddInPlace(output.Slice(0, length), inputs[k].AsSpan(0, length));
        }

        VectorMath.Activate(output.Slice(0, length), _activation);
    }

    public override void PrepareBackward(ReadOnlySpan<float> output, Span<float> gradOutput, int batch) =>
        Conv2DGradients.ActivationAndBias(output, gradOutput, default, (long)batch * OutputLength / _channels, _channels, _activation, bias: false);

    public override void BackwardMerge(ReadOnlySpan<float> output, Span<float> gradOutput, int index, Span<float> gradInput, int batch) =>
        gradOutput.Slice(0, batch * OutputLength).CopyTo(gradInput);

    private static int[] Filled(int count, int value)
    {
        var values = new int[count];
        Array.Fill(values, value);
        return values;
    }
}
