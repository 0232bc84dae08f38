using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>A convolution (or depthwise convolution) computed by its generated kernel; keeps the HWIO weights and their packed copies.</summary>
internal sealed class Conv2DLayer : Layer
{
    private readonly IConv2DKernel _kernel;
    private readonly Parameter _weights;
    private readonly Parameter? _bias;
    private readonly Parameter[] _parameters;
    private readonly float[] _packed;
    private readonly float[] _packedBackward;

    public Conv2DLayer(string name, IConv2DKernel kernel)
        : base(name, kernel.Shape.InputImageLength, kernel.Shape.OutputImageLength)
    {
        _kernel = kernel;
        Conv2DShape s = kernel.Shape;
        _weights = s.Depthwise
            ? new Parameter(name + "/depthwise_kernel", s.KernelSize, s.KernelSize, s.Channels, 1)
            : new Parameter(name + "/kernel", s.KernelSize, s.KernelSize, s.Channels, s.Filters);
        _bias = s.UseBias ? new Parameter(name + "/bias", s.Filters) : null;
        _parameters = _bias is null ? new[] { _weights } : new[] { _weights, _bias };
        _packed = new float[kernel.PackedWeightLength];
        _packedBackward = new float[kernel.BackwardDataPackedWeightLength];
    }

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(_parameters) { Floats = new float[_kernel.HasBackwardData ? _kernel.BackwardDataScratchLength : 0] };

    public override void Initialize(Random random)
    {
        Conv2DShape s = _kernel.Shape;
        int taps = s.KernelSize * s.KernelSize;
        // Keras's fans for a (kh, kw, in, out) kernel; a depthwise kernel is (kh, kw, channels, 1).
        GlorotUniform(random, _weights.Value, taps * s.Channels, taps * (s.Depthwise ? 1 : s.Filters));
        _bias?.Value.AsSpan().Clear();
        OnParametersChanged();
    }

    public override void OnParametersChanged()
    {
        _kernel.PackWeights(_weights.Value, _packed);
        if (_kernel.HasBackwardData)
        {
            _kernel.PackBackwardDataWeights(_weights.Value, _packedBackward);
        }
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        _kernel.Forward(input, _packed, _bias is null ? default : _bias.Value, output, batch);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        Span<float> gradBias = _bias is null ? default : workspace.ParameterGradients[1];
        _kernel.BackwardActivation(output, gradOutput, gradBias, batch);
        _kernel.BackwardWeights(input, gradOutput, workspace.ParameterGradients[0], batch);
        if (needGradInput)
        {
            _kernel.BackwardData(gradOutput, _packedBackward, gradInput, workspace.Floats, batch);
        }
    }
}
