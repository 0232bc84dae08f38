using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// Batch normalisation over the channels (the last axis) of NHWC or flat tensors, with Keras's semantics: while
/// training the whole batch's mean and (biased) variance normalise the input — summed across workers — and update
/// moving averages (m ← momentum·m + (1 − momentum)·batch); at inference the moving statistics are used. An activation
/// may follow. Parameters: gamma, beta (trained), moving_mean, moving_variance (saved, not trained).
/// </summary>
internal sealed class BatchNormLayer : Layer
{
    private readonly int _channels;
    private readonly double _momentum, _epsilon;
    private readonly Activation _activation;
    private readonly Parameter _gamma, _beta, _movingMean, _movingVariance;
    private readonly Parameter[] _parameters;

    public BatchNormLayer(string name, int length, int channels, double momentum, double epsilon, Activation activation)
        : base(name, length, length)
    {
        _channels = channels;
        _momentum = momentum;
        _epsilon = epsilon;
        _activation = activation;
        _gamma = new Parameter(name + "/gamma", channels);
        _beta = new Parameter(name + "/beta", channels);
        _movingMean = new Parameter(name + "/moving_mean", false, channels);
        _movingVariance = new Parameter(name + "/moving_variance", false, channels);
        _parameters = new[] { _gamma, _beta, _movingMean, _movingVariance };
    }

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int SyncWidth => 2 * _channels;

    public Activation Activation => _activation;

    /// <summary>Per channel, the inference transform y = scale·x + shift (before the activation).</summary>
    public void InferenceTransform(Span<float> scale, Span<float> shift)
    {
        for (int c = 0; c < _channels; c++)
        {
            double s = _gamma.Value[c] / Math.Sqrt(_movingVariance.Value[c] + _epsilon);
            scale[c] = (float)s;
            shift[c] = (float)(_beta.Value[c] - s * _movingMean.Value[c]);
        }
    }

    // Workspace: the normalised input x̂ (for the backward pass), then per channel mean, 1/σ; doubles for totals.
    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(_parameters) { Floats = new float[maxBatch * InputLength + 2 * _channels], Doubles = new double[2 * _channels] };

    public override void Initialize(Random random)
    {
        _gamma.Value.AsSpan().Fill(1f);
        _beta.Value.AsSpan().Clear();
        _movingMean.Value.AsSpan().Clear();
        _movingVariance.Value.AsSpan().Fill(1f);
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        int c = _channels, length = batch * InputLength, pixels = length / c;
        if (!step.Training)
        {
            Span<float> scale = workspace.Floats.AsSpan(length, c), shift = workspace.Floats.AsSpan(length + c, c);
            InferenceTransform(scale, shift);
            for (int p = 0; p < pixels; p++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    output[p * c + ch] = Activate(scale[ch] * input[p * c + ch] + shift[ch]);
                }
            }

            return;
        }

        Span<double> totals = workspace.Doubles;
        Span<double> partial = step.Sync is null ? totals : step.Sync.Partial(step.Worker, 2 * c);
        partial.Clear();
        for (int p = 0; p < pixels; p++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                double x = input[p * c + ch];
                partial[ch] += x;
                partial[c + ch] += x * x;
            }
        }

        step.Sync?.Sum(2 * c, totals);
        double count = (double)(step.Sync is null ? batch : step.BatchCount) * (InputLength / c);
        Span<float> normalised = workspace.Floats.AsSpan(0, length);
        Span<float> invStd = workspace.Floats.AsSpan(length + c, c);
        for (int ch = 0; ch < c; ch++)
        {
            double mean = totals[ch] / count;
            double variance = Math.Max(totals[c + ch] / count - mean * mean, 0);
            workspace.Floats[length + ch] = (float)mean;
            invStd[ch] = (float)(1 / Math.Sqrt(variance + _epsilon));
            if (step.Worker == 0)
            {
                _movingMean.Value[ch] = (float)(_momentum * _movingMean.Value[ch] + (1 - _momentum) * mean);
                _movingVariance.Value[ch] = (float)(_momentum * _movingVariance.Value[ch] + (1 - _momentum) * variance);
            }
        }

        for (int p = 0; p < pixels; p++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                float xhat = (input[p * c + ch] - workspace.Floats[length + ch]) * invStd[ch];
                normalised[p * c + ch] = xhat;
                output[p * c + ch] = Activate(_gamma.Value[ch] * xhat + _beta.Value[ch]);
            }
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        int c = _channels, length = batch * InputLength, pixels = length / c;
        Conv2DGradients.ActivationAndBias(output, gradOutput, default, pixels, c, _activation, bias: false);
        ReadOnlySpan<float> normalised = workspace.Floats.AsSpan(0, length);
        ReadOnlySpan<float> invStd = workspace.Floats.AsSpan(length + c, c);
        float[] dGamma = workspace.ParameterGradients[0], dBeta = workspace.ParameterGradients[1];
        Array.Clear(dGamma);
        Array.Clear(dBeta);
        Span<double> totals = workspace.Doubles;
        Span<double> partial = step.Sync is null ? totals : step.Sync.Partial(step.Worker, 2 * c);
        partial.Clear();
        for (int p = 0; p < pixels; p++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                double g = gradOutput[p * c + ch];
                partial[ch] += g;
                partial[c + ch] += g * normalised[p * c + ch];
            }
        }

        for (int ch = 0; ch < c; ch++)
        {
            dBeta[ch] = (float)partial[ch];
            dGamma[ch] = (float)partial[c + ch];
        }

        step.Sync?.Sum(2 * c, totals);
        if (!needGradInput)
        {
            return;
        }

        double count = (double)(step.Sync is null ? batch : step.BatchCount) * (InputLength / c);
        for (int p = 0; p < pixels; p++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                double scale = _gamma.Value[ch] * invStd[ch] / count;
                gradInput[p * c + ch] = (float)(scale * (count * gradOutput[p * c + ch] - totals[ch] - normalised[p * c + ch] * totals[c + ch]));
            }
        }
    }

    private float Activate(float v) => _activation switch
    {
        Activation.Relu => Math.Max(v, 0f),
        Activation.Relu6 => Math.Min(Math.Max(v, 0f), 6f),
        _ => v,
    };
}
