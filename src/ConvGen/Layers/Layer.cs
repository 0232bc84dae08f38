using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// One layer of a sequential network over per-image tensors of <see cref="InputLength"/> and
/// <see cref="OutputLength"/> floats. Parameters are shared; everything a step writes (activations, gradients,
/// pooling indices, dropout masks, parameter gradients) lives in a per-worker <see cref="LayerWorkspace"/>, planned
/// once per batch size.
/// </summary>
internal abstract class Layer
{
    protected Layer(string name, int inputLength, int outputLength)
    {
        Name = name;
        InputLength = inputLength;
        OutputLength = outputLength;
    }

    public string Name { get; }

    public int InputLength { get; }

    public int OutputLength { get; }

    public virtual IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <summary>Doubles per worker this layer reduces across workers in one step (batch normalisation: 2 per channel).</summary>
    public virtual int SyncWidth => 0;

    /// <summary>True when the output is the input itself (Flatten): no buffer, no copy.</summary>
    public virtual bool IsView => false;

    /// <summary>Allocates what one worker needs for batches of up to <paramref name="maxBatch"/> images.</summary>
    public virtual LayerWorkspace CreateWorkspace(int maxBatch) => new LayerWorkspace(Parameters);

    /// <summary>Keras's default initialisation (Glorot-uniform kernels, zero biases).</summary>
    public virtual void Initialize(Random random)
    {
    }

    /// <summary>Called after parameter values change (optimiser step, loading): repack derived layouts.</summary>
    public virtual void OnParametersChanged()
    {
        for (int job = 0; job < RepackJobs; job++)
        {
            Repack(job);
        }
    }

    /// <summary>Independent parts of <see cref="OnParametersChanged"/> that may run on different threads at once.</summary>
    internal virtual int RepackJobs => 0;

    /// <summary>Runs part <paramref name="job"/> of <see cref="OnParametersChanged"/>.</summary>
    internal virtual void Repack(int job)
    {
    }

    public abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step);

    /// <summary>
    /// Back-propagates <paramref name="gradOutput"/> (which the layer may overwrite) into parameter gradients in the
    /// workspace and, when <paramref name="needGradInput"/>, into <paramref name="gradInput"/>.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step);

    protected static void GlorotUniform(Random random, float[] values, int fanIn, int fanOut)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }
    }
}

/// <summary>A worker's buffers for one layer.</summary>
internal class LayerWorkspace
{
    public LayerWorkspace(IReadOnlyList<Parameter> parameters)
    {
        ParameterGradients = new float[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            ParameterGradients[i] = new float[parameters[i].Length];
        }
    }

    /// <summary>This worker's gradient of each parameter, in <see cref="Layer.Parameters"/> order.</summary>
    public float[][] ParameterGradients { get; }

    public float[] Floats { get; init; } = Array.Empty<float>();

    public double[] Doubles { get; init; } = Array.Empty<double>();

    public int[] Ints { get; init; } = Array.Empty<int>();
}
