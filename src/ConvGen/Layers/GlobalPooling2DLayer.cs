using System;

namespace ConvGen;

/// <summary>
/// Global average or global max pooling (Keras's <c>GlobalAveragePooling2D</c>/<c>GlobalMaxPooling2D</c>): an
/// H×W×C image becomes C features (Keras's output shape (None, C)). Max pooling remembers each channel's chosen
/// pixel in the workspace for the backward pass.
/// </summary>
internal sealed class GlobalPooling2DLayer : Layer
{
    private readonly int _pixels, _channels;

    public GlobalPooling2DLayer(string name, int height, int width, int channels, bool max)
        : base(name, height * width * channels, channels)
    {
        _pixels = height * width;
        _channels = channels;
        Max = max;
    }

    /// <summary>True for global max pooling, false for global average pooling.</summary>
    public bool Max { get; }

    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        Max ? new LayerWorkspace(Parameters) { Ints = new int[maxBatch * _channels] } : new LayerWorkspace(Parameters);

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        if (Max)
        {
            GlobalPoolingKernels.MaxForward(input, output, workspace.Ints, batch, _pixels, _channels);
        }
        else
        {
            GlobalPoolingKernels.AverageForward(input, output, batch, _pixels, _channels);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        if (!needGradInput)
        {
            return;
        }

        if (Max)
        {
            GlobalPoolingKernels.MaxBackward(gradOutput, workspace.Ints, gradInput, batch, _pixels, _channels);
        }
        else
        {
            GlobalPoolingKernels.AverageBackward(gradOutput, gradInput, batch, _pixels, _channels);
        }
    }
}
