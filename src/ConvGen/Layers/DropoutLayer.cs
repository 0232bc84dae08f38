using System;

namespace ConvGen;

/// <summary>
/// Inverted dropout: while training each value is kept with probability 1 − rate and scaled by 1 / (1 − rate);
/// at inference the layer is the identity. Masks come from a counter-based hash of (seed, step, image, element),
/// so they do not depend on how the batch is split between threads.
/// </summary>
internal sealed class DropoutLayer : Layer
{
    private readonly double _rate;

    public DropoutLayer(string name, int length, double rate)
        : base(name, length, length) => _rate = rate;

    public double Rate => _rate;

    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(Parameters) { Floats = new float[maxBatch * OutputLength] };

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        int length = batch * OutputLength;
        if (!step.Training || _rate == 0)
        {
            input.Slice(0, length).CopyTo(output);
            workspace.Floats.AsSpan(0, length).Fill(1f);
            return;
        }

        float scale = (float)(1 / (1 - _rate));
        ulong threshold = (ulong)(_rate * (1UL << 53));
        Span<float> mask = workspace.Floats;
        for (int n = 0; n < batch; n++)
        {
            ulong image = Mix((ulong)step.Seed ^ Mix((ulong)step.Step * 0x9E3779B97F4A7C15UL + (ulong)(step.FirstSample + n)));
            for (int i = 0; i < OutputLength; i++)
            {
                int at = n * OutputLength + i;
                bool keep = (Mix(image + (ulong)i) >> 11) >= threshold;
                mask[at] = keep ? scale : 0f;
                output[at] = input[at] * mask[at];
            }
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        if (!needGradInput)
        {
            return;
        }

        ReadOnlySpan<float> mask = workspace.Floats;
        for (int i = 0; i < batch * OutputLength; i++)
        {
            gradInput[i] = gradOutput[i] * mask[i];
        }
    }

    // SplitMix64's finaliser: a bijective, well-mixed hash of a 64-bit counter.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
