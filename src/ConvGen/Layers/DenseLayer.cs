using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>A fully connected layer; ReLU/ReLU6 are fused, softmax is left to the loss (the layer outputs logits).</summary>
internal sealed class DenseLayer : Layer
{
    private readonly Parameter _weights;
    private readonly Parameter? _bias;
    private readonly Parameter[] _parameters;

    public DenseLayer(string name, int inputs, int units, Activation activation, bool useBias)
        : base(name, inputs, units)
    {
        _weights = new Parameter(name + "/kernel", inputs, units);
        _bias = useBias ? new Parameter(name + "/bias", units) : null;
        _parameters = _bias is null ? new[] { _weights } : new[] { _weights, _bias };
        Activation = activation;
    }

    public Activation Activation { get; }

    public bool UseBias => _bias is not null;

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override void Initialize(Random random)
    {
        GlorotUniform(random, _weights.Value, InputLength, OutputLength);
        _bias?.Value.AsSpan().Clear();
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        DenseKernels.Forward(input, _weights.Value, _bias is null ? default : _bias.Value, output, batch, InputLength, OutputLength, Activation);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        DenseKernels.ActivationAndBias(output, gradOutput, _bias is null ? default : workspace.ParameterGradients[1], batch, OutputLength, Activation);
        DenseKernels.WeightGradient(input, gradOutput, workspace.ParameterGradients[0], batch, InputLength, OutputLength);
        if (needGradInput)
        {
            DenseKernels.InputGradient(gradOutput, _weights.Value, gradInput, batch, InputLength, OutputLength);
        }
    }
}
