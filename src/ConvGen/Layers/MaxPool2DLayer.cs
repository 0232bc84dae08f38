using System;

namespace ConvGen;

/// <summary>Max pooling; the forward pass records each maximum's position and the backward pass scatters to it.</summary>
internal sealed class MaxPool2DLayer : Layer
{
    private readonly Pool2DGeometry _geometry;

    public MaxPool2DLayer(string name, int height, int width, int channels, int pool, int stride, Padding padding = Padding.Valid)
        : this(name, Pool2DGeometry.Keras(height, width, channels, pool, stride, padding))
    {
        Padding = padding;
    }

    public MaxPool2DLayer(string name, Pool2DGeometry geometry)
        : base(name, geometry.InputImageLength, geometry.OutputImageLength)
    {
        _geometry = geometry;
    }

    /// <summary>The windows.</summary>
    public Pool2DGeometry Geometry => _geometry;

    /// <summary>The window's size.</summary>
    public int PoolSize => _geometry.Pool;

    /// <summary>The window's step.</summary>
    public int Stride => _geometry.Stride;

    /// <summary>'valid' or 'same' as declared (padded cells never win); 'valid' when explicit pads replace it.</summary>
    public Padding Padding { get; init; }

    /// <summary>
    /// The activation of the convolution this layer alone reads, whose derivative the backward pass applies to the
    /// pooled gradient (where the window's maximum is positive, and below 6 for ReLU6): the convolution then
    /// receives its pre-activation gradient and only sums the bias gradient. <see cref="Activation.None"/>: no mask.
    /// </summary>
    public Activation MaskedActivation { get; set; } = Activation.None;

    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(Parameters) { Ints = new int[maxBatch * OutputLength] };

    // Training records where each maximum is, for the backward pass; inference does not need to.
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        Forward(input, output, batch, workspace, 0, step);

    /// <summary>The forward pass of images <paramref name="firstImage"/>.. of the batch (their maxima's positions go there).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, int firstImage, in StepContext step)
    {
        if (step.Training)
        {
            PoolingKernels.MaxPoolForward(_geometry, input, output, workspace.Ints.AsSpan(firstImage * OutputLength), batch);
        }
        else
        {
            PoolingKernels.MaxPoolForward(_geometry, input, output, batch);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        if (needGradInput)
        {
            Backward(output, gradOutput, gradInput, batch, workspace, 0);
        }
    }

    /// <summary>The input gradient of images <paramref name="firstImage"/>.. of the batch, from their pooled output and its gradient.</summary>
    public void Backward(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, int firstImage)
    {
        if (MaskedActivation != Activation.None)
        {
            Conv2DGradients.ActivationAndBias(output, gradOutput, default, (long)batch * OutputLength / _geometry.Channels, _geometry.Channels, MaskedActivation, bias: false);
        }

        PoolingKernels.MaxPoolBackward(_geometry, gradOutput, workspace.Ints.AsSpan(firstImage * OutputLength), gradInput, batch);
    }
}
