using System;

namespace ConvGen;

/// <summary>
/// Average pooling (Keras's <c>AveragePooling2D</c>, ONNX's <c>AveragePool</c>): each output is its window's mean,
/// padded cells counted or not (<see cref="IncludePadding"/>). Nothing to remember between the passes.
/// </summary>
internal sealed class AveragePooling2DLayer : Layer
{
    private readonly Pool2DGeometry _geometry;

    public AveragePooling2DLayer(string name, Pool2DGeometry geometry, bool includePadding)
        : base(name, geometry.InputImageLength, geometry.OutputImageLength)
    {
        _geometry = geometry;
        IncludePadding = includePadding;
    }

    /// <summary>The windows.</summary>
    public Pool2DGeometry Geometry => _geometry;

    /// <summary>True when padded cells count in a window's divisor (ONNX's <c>count_include_pad = 1</c>).</summary>
    public bool IncludePadding { get; }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        AveragePoolingKernels.Forward(_geometry, IncludePadding, input, output, batch);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        if (needGradInput)
        {
            AveragePoolingKernels.Backward(_geometry, IncludePadding, gradOutput, gradInput, batch);
        }
    }
}
