using System;

namespace ConvGen;

/// <summary>
/// Runs one generated convolution over a batch split between threads: each thread takes a contiguous run of images
/// (forward, input gradient) and a private weight gradient that the caller's thread sums at the end. The threads
/// persist; buffers are planned for a maximum batch once, so a call allocates nothing. A forward pass over fewer
/// images than threads is split by output rows (or Winograd tiles) instead, when the kernel has parts
/// (<see cref="IConv2DPartKernel"/>), so every thread works; a training step over fewer images runs on fewer threads.
/// </summary>
public sealed class ParallelConvolution : IDisposable
{
    private readonly IConv2DKernel _kernel;
    private readonly IConv2DWeightGradientKernel? _weightGradient;
    private readonly IConv2DInputGradientKernel? _inputGradient;
    private readonly WorkerPool _pool;
    private readonly KernelPath _path;
    private readonly Action<int> _forward, _trainingStep;
    private readonly float[][] _gradWeights, _gradBias;
    private readonly float[][] _scratch;

    // The call in progress.
    private ReadOnlyMemory<float> _input, _packed, _bias, _packedBackward;
    private Memory<float> _output, _gradOutput, _gradInput;
    private int _batch;
    private bool _parts;

    /// <summary>Creates the threads (the caller is one of them) and per-thread gradient buffers.</summary>
    public ParallelConvolution(IConv2DKernel kernel, int threads, KernelPath path = KernelPath.Widest)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _kernel = kernel;
        _weightGradient = kernel as IConv2DWeightGradientKernel;
        _inputGradient = kernel as IConv2DInputGradientKernel;
        _path = path;
        _pool = new WorkerPool(threads);
        _forward = ForwardSlice;
        _trainingStep = TrainingSlice;
        Conv2DShape s = kernel.Shape;
        _gradWeights = new float[threads][];
        _gradBias = new float[threads][];
        _scratch = new float[threads][];
        for (int i = 0; i < threads; i++)
        {
            _gradWeights[i] = new float[s.WeightLength];
            _gradBias[i] = new float[s.Filters];
            _scratch[i] = new float[_inputGradient?.BackwardDataScratchLength ?? 0];
        }
    }

    /// <summary>For tests: bytes the background threads allocated while working.</summary>
    internal long WorkerAllocatedBytes => _pool.BackgroundAllocatedBytes;

    /// <summary>Threads the batch is split between.</summary>
    public int Threads => _pool.Count;

    /// <summary><see cref="IConv2DKernel.Forward"/> over <paramref name="batch"/> images, split between the threads.</summary>
    public void Forward(ReadOnlyMemory<float> input, ReadOnlyMemory<float> packedWeights, ReadOnlyMemory<float> bias, Memory<float> output, int batch)
    {
        Conv2DShape s = _kernel.Shape;
        KernelArguments.CheckConvolution(s, input.Length, packedWeights.Length, _kernel.PackedWeightLength, bias.Length, output.Length, batch);
        (_input, _packed, _bias, _output, _batch) = (input, packedWeights, bias, output, batch);
        if (batch < Threads && _kernel is IConv2DPartKernel parts)
        {
            using KernelDispatch.Scope scope = Enter();
            _parts = parts.ForwardSplits;
        }

        try
        {
            _pool.Run(_forward);
        }
        finally
        {
            _parts = false;
        }
    }

    /// <summary>
    /// One training step of the layer: forward into <paramref name="output"/>, then from <paramref name="gradOutput"/>
    /// (overwritten with the pre-activation gradient) the weight and bias gradients (overwritten, summed over the batch)
    /// and, when the kernel has it, the input gradient.
    /// </summary>
    public void TrainingStep(ReadOnlyMemory<float> input, ReadOnlyMemory<float> packedWeights, ReadOnlyMemory<float> packedBackwardWeights, ReadOnlyMemory<float> bias,
        Memory<float> output, Memory<float> gradOutput, Span<float> gradWeights, Span<float> gradBias, Memory<float> gradInput, int batch)
    {
        Conv2DShape s = _kernel.Shape;
        if (_weightGradient is null)
        {
            throw new InvalidOperationException($"The {s} kernel was generated for inference only; it has no training step.");
        }

        KernelArguments.CheckConvolution(s, input.Length, packedWeights.Length, _kernel.PackedWeightLength, bias.Length, output.Length, batch);
        (_input, _packed, _bias, _output, _batch) = (input, packedWeights, bias, output, batch);
        (_gradOutput, _packedBackward, _gradInput) = (gradOutput, packedBackwardWeights, gradInput);
        _pool.Run(_trainingStep);
        int used = Math.Min(Threads, batch);
        _gradWeights[0].AsSpan().CopyTo(gradWeights);
        _gradBias[0].AsSpan(0, s.UseBias ? s.Filters : 0).CopyTo(gradBias);
        for (int i = 1; i < used; i++)
        {
            VectorMath.AddInPlace(gradWeights.Slice(0, s.WeightLength), _gradWeights[i]);
            if (s.UseBias)
            {
                VectorMath.AddInPlace(gradBias.Slice(0, s.Filters), _gradBias[i]);
            }
        }
    }

    /// <summary>Stops the threads.</summary>
    public void Dispose() => _pool.Dispose();

    private (int First, int Count) Slice(int worker)
    {
        int used = Math.Min(Threads, _batch);
        if (worker >= used)
        {
            return (0, 0);
        }

        int first = (int)((long)_batch * worker / used);
        return (first, (int)((long)_batch * (worker + 1) / used) - first);
    }

    private KernelDispatch.Scope Enter() => _path switch
    {
        KernelPath.Vector256 => KernelDispatch.ForceVector256(),
        KernelPath.Generic => KernelDispatch.ForceGeneric(),
        KernelPath.WidestDirect => KernelDispatch.ForceDirect(),
        _ => default,
    };

    private void ForwardSlice(int worker)
    {
        if (_parts)
        {
            using KernelDispatch.Scope parts = Enter();
            ((IConv2DPartKernel)_kernel).ForwardPart(_input.Span, _packed.Span, _bias.Span, _output.Span, _batch, worker, Threads);
            return;
        }

        (int first, int count) = Slice(worker);
        if (count == 0)
        {
            return;
        }

        Conv2DShape s = _kernel.Shape;
        using KernelDispatch.Scope scope = Enter();
        _kernel.Forward(_input.Span.Slice(first * s.InputImageLength), _packed.Span, _bias.Span, _output.Span.Slice(first * s.OutputImageLength), count);
    }

    private void TrainingSlice(int worker)
    {
        (int first, int count) = Slice(worker);
        if (count == 0)
        {
            return;
        }

        Conv2DShape s = _kernel.Shape;
        using KernelDispatch.Scope scope = Enter();
        ReadOnlySpan<float> input = _input.Span.Slice(first * s.InputImageLength, count * s.InputImageLength);
        Span<float> output = _output.Span.Slice(first * s.OutputImageLength, count * s.OutputImageLength);
        Span<float> gradOutput = _gradOutput.Span.Slice(first * s.OutputImageLength, count * s.OutputImageLength);
        _kernel.Forward(input, _packed.Span, _bias.Span, output, count);
        _weightGradient!.BackwardActivation(output, gradOutput, _gradBias[worker], count);
        _weightGradient.BackwardWeights(input, gradOutput, _gradWeights[worker], count);
        if (_inputGradient is not null)
        {
            _inputGradient.BackwardData(gradOutput, _packedBackward.Span, _gradInput.Span.Slice(first * s.InputImageLength, count * s.InputImageLength), _scratch[worker], count);
        }
    }
}
