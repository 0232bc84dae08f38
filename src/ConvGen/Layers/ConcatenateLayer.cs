using System;

namespace ConvGen;

/// <summary>
/// Concatenates NHWC tensors of the same H×W along the channels; the backward pass splits the gradient back. Inputs
/// produced by a convolution whose kernel writes straight into its channel slice (<see cref="WrittenInPlace"/>) are
/// neither copied forward nor split backward: that convolution reads its slice of the gradient itself.
/// </summary>
internal sealed class ConcatenateLayer : MergeLayer
{
    private readonly int[] _channels;
    private readonly int _pixels, _total;
    private readonly bool[] _inPlace;

    public ConcatenateLayer(string name, int pixels, int[] channels)
        : base(name, Array.ConvertAll(channels, c => c * pixels), pixels * Sum(channels))
    {
        _channels = channels;
        _pixels = pixels;
        _total = Sum(channels);
        _inPlace = new bool[channels.Length];
    }

    /// <summary>Inputs whose producer writes into this layer's buffer (no copy either way).</summary>
    public int InPlaceInputs => Array.FindAll(_inPlace, b => b).Length;

    /// <summary>The first channel of input <paramref name="index"/>'s slice.</summary>
    public int SliceOffset(int index)
    {
        int offset = 0;
        for (int k = 0; k < index; k++)
        {
            offset += _channels[k];
        }

        return offset;
    }

    /// <summary>Total channels: the pixel stride of the merged tensor.</summary>
    public int Channels => _total;

    /// <summary>Marks input <paramref name="index"/> as written in place by its producer.</summary>
    public void WrittenInPlace(int index) => _inPlace[index] = true;

    public bool IsInPlace(int index) => _inPlace[index];

    public override void ForwardMerge(AlignedBuffer[] inputs, Span<float> output, int batch)
    {
        int offset = 0;
        for (int k = 0; k < inputs.Length; k++)
        {
            int c = _channels[k];
            if (_inPlace[k])
            {
                offset += c;
                continue;
            }

            for (int p = 0; p < batch * _pixels; p++)
            {
                inputs[k].AsSpan(p * c, c).CopyTo(output.Slice(p * _total + offset, c));
            }

            offset += c;
        }
    }

    public override void BackwardMerge(ReadOnlySpan<float> output, Span<float> gradOutput, int index, Span<float> gradInput, int batch)
    {
        if (_inPlace[index])
        {
            throw new InvalidOperationException($"Input {index} of '{Name}' reads its gradient slice in place.");
        }

        int offset = SliceOffset(index);
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
