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

    public double Momentum => _momentum;

    public double Epsilon => _epsilon;

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

    // Workspace floats: x̂ (for the backward pass), then six per-channel rows (scale, shift, x̂ scale, x̂ shift, and two
    // of scratch for the vectorised sums); doubles: the per-channel totals.
    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(_parameters) { Floats = new float[maxBatch * InputLength + 6 * _channels], Doubles = new double[2 * _channels] };

    public override void Initialize(Random random)
    {
        _gamma.Value.AsSpan().Fill(1f);
        _beta.Value.AsSpan().Clear();
        _movingMean.Value.AsSpan().Clear();
        _movingVariance.Value.AsSpan().Fill(1f);
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        int c = _channels, length = batch * InputLength, rows = length / c;
        Span<float> rowsOf = workspace.Floats.AsSpan(NormalisedLength(workspace), 6 * c);
        Span<float> scale = rowsOf.Slice(0, c), shift = rowsOf.Slice(c, c), normScale = rowsOf.Slice(2 * c, c), normShift = rowsOf.Slice(3 * c, c), scratch = rowsOf.Slice(4 * c, 2 * c);
        if (!step.Training)
        {
            InferenceTransform(scale, shift);
            BatchNormKernels.Affine(input, output, rows, c, scale, shift, _activation, default, default, default);
            return;
        }

        Span<double> totals = workspace.Doubles;
        Span<double> partial = step.Sync is null ? totals : step.Sync.Partial(step.Worker, 2 * c);
        partial.Clear();
        BatchNormKernels.Sums(input.Slice(0, length), input.Slice(0, length), rows, c, partial, scratch);
        step.Sync?.Sum(2 * c, totals);
        double count = (double)(step.Sync is null ? batch : step.BatchCount) * (InputLength / c);
        for (int ch = 0; ch < c; ch++)
        {
            double mean = totals[ch] / count;
            double variance = Math.Max(totals[c + ch] / count - mean * mean, 0);
            double invStd = 1 / Math.Sqrt(variance + _epsilon);
            normScale[ch] = (float)invStd;
            normShift[ch] = (float)(-mean * invStd);
            scale[ch] = (float)(_gamma.Value[ch] * invStd);
            shift[ch] = (float)(_beta.Value[ch] - _gamma.Value[ch] * invStd * mean);
            if (step.Worker == 0)
            {
                _movingMean.Value[ch] = (float)(_momentum * _movingMean.Value[ch] + (1 - _momentum) * mean);
                _movingVariance.Value[ch] = (float)(_momentum * _movingVariance.Value[ch] + (1 - _momentum) * variance);
            }
        }

        BatchNormKernels.Affine(input, output, rows, c, scale, shift, _activation, workspace.Floats.AsSpan(0, length), normScale, normShift);
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        int c = _channels, length = batch * InputLength, rows = length / c;
        Conv2DGradients.ActivationAndBias(output, gradOutput, default, rows, c, _activation, bias: false);
        ReadOnlySpan<float> normalised = workspace.Floats.AsSpan(0, length);
        Span<float> rowsOf = workspace.Floats.AsSpan(NormalisedLength(workspace), 6 * c);
        // Rows 0-1 (the forward scale and shift) and, once the sums are taken, row 4 (scratch) are free for a, b, d.
        Span<float> a = rowsOf.Slice(0, c), b = rowsOf.Slice(c, c), invStd = rowsOf.Slice(2 * c, c), scratch = rowsOf.Slice(4 * c, 2 * c), d = rowsOf.Slice(4 * c, c);
        float[] dGamma = workspace.ParameterGradients[0], dBeta = workspace.ParameterGradients[1];
        Span<double> totals = workspace.Doubles;
        Span<double> partial = step.Sync is null ? totals : step.Sync.Partial(step.Worker, 2 * c);
        partial.Clear();
        BatchNormKernels.Sums(gradOutput.Slice(0, length), normalised, rows, c, partial, scratch);
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

        // dx = γ·σ⁻¹/N · (N·g − Σg − x̂·Σ(g·x̂)) = a·g + b·x̂ + d.
        double count = (double)(step.Sync is null ? batch : step.BatchCount) * (InputLength / c);
        for (int ch = 0; ch < c; ch++)
        {
            double k = _gamma.Value[ch] * invStd[ch] / count;
            a[ch] = (float)(k * count);
            b[ch] = (float)(-k * totals[c + ch]);
            d[ch] = (float)(-k * totals[ch]);
        }

        BatchNormKernels.InputGradient(gradOutput, normalised, gradInput, rows, c, a, b, d);
    }

    private int NormalisedLength(LayerWorkspace workspace) => workspace.Floats.Length - 6 * _channels;
}
