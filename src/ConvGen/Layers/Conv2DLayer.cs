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
    private readonly IConv2DKernel? _folded;
    private readonly float[] _foldedWeights = Array.Empty<float>(), _foldedPacked = Array.Empty<float>(), _foldedBias = Array.Empty<float>();
    private readonly float[] _scale = Array.Empty<float>(), _shift = Array.Empty<float>();

    public Conv2DLayer(string name, IConv2DKernel kernel, IConv2DKernel? folded = null)
        : base(name, kernel.Shape.InputImageLength, kernel.Shape.OutputImageLength)
    {
        _kernel = kernel;
        _folded = folded;
        if (folded is not null)
        {
            _foldedWeights = new float[kernel.Shape.WeightLength];
            _foldedPacked = new float[folded.PackedWeightLength];
            _foldedBias = new float[kernel.Shape.Filters];
            _scale = new float[kernel.Shape.Filters];
            _shift = new float[kernel.Shape.Filters];
        }

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

    /// <summary>The batch normalisation folded into this layer at inference, when the generator emitted a folded kernel.</summary>
    public BatchNormLayer? FoldedNormalization { get; set; }

    public bool CanFold => _folded is not null && FoldedNormalization is not null;

    /// <summary>
    /// Folds the normalisation's current statistics into a copy of the weights: w'[..][co] = w·γ/√(σ²+ε),
    /// b' = (b − μ)·γ/√(σ²+ε) + β, and packs them for the folded kernel. Call before inference passes.
    /// </summary>
    public void Fold()
    {
        FoldedNormalization!.InferenceTransform(_scale, _shift);
        Conv2DShape s = _kernel.Shape;
        float[] w = _weights.Value;
        int channels = s.Filters;
        for (int i = 0; i < w.Length; i++)
        {
            _foldedWeights[i] = w[i] * _scale[i % channels];
        }

        for (int co = 0; co < channels; co++)
        {
            _foldedBias[co] = (_bias is null ? 0f : _bias.Value[co]) * _scale[co] + _shift[co];
        }

        _folded!.PackWeights(_foldedWeights, _foldedPacked);
    }

    /// <summary>Convolution and batch normalisation (with its activation) in one kernel: the output is the normalisation's.</summary>
    public void ForwardFolded(ReadOnlySpan<float> input, Span<float> output, int batch) =>
        _folded!.Forward(input, _foldedPacked, _foldedBias, output, batch);

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
