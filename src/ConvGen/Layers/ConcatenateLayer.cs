using System;

namespace ConvGen;

/// <summary>Concatenates NHWC tensors of the same H×W along the channels; the backward pass splits the gradient back.</summary>
internal sealed class ConcatenateLayer : MergeLayer
{
    private readonly int[] _channels;
    private readonly int _pixels, _total;

    public ConcatenateLayer(string name, int pixels, int[] channels)
        : base(name, Array.ConvertAll(channels, c => c * pixels), pixels * Sum(channels))
    {
        _channels = channels;
        _pixels = pixels;
        _total = Sum(channels);
    }

    public override void ForwardMerge(float[][] inputs, Span<float> output, int batch)
    {
        int offset = 0;
        for (int k = 0; k < inputs.Length; k++)
        {
            int c = _channels[k];
            for (int p = 0; p < batch * _pixels; p++)
            {
                inputs[k].AsSpan(p * c, c).CopyTo(output.Slice(p * _total + offset, c));
            }

            offset += c;
        }
    }

    public override void BackwardMerge(ReadOnlySpan<float> output, Span<float> gradOutput, int index, Span<float> gradInput, int batch)
    {
        int offset = 0;
        for (int k = 0; k < index; k++)
        {
            offset += _channels[k];
        }

        int c = _channels[index];
        for (int p = 0; p < batch * _pixels; p++)
        {
            gradOutput.Slice(p * _total + offset, c).CopyTo(gradInput.Slice(p * c, c));
        }
    }

    private static int Sum(int[] values)
    {
        int total = 0;
        foreach (int v in values)
        {
            total += v;
        }

        return total;
    }
}
