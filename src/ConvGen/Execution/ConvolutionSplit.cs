using System;

namespace ConvGen;

/// <summary>
/// Splits single convolutions between the workers of a <see cref="WorkerPool"/>: what an inference pass over fewer
/// images than the pool has workers uses, so that no worker idles (at batch 1 the batch cannot be split). The pass
/// runs on the calling thread (worker 0); at each convolution whose kernel has parts (<see cref="Conv2DLayer.Splits"/>)
/// every worker computes its share of the output rows (or Winograd tiles), each exactly as the whole pass computes it,
/// so the outputs are bit-identical to one thread's. Other layers run on the calling thread alone. One cached delegate
/// and the call's arguments in fields: a split allocates nothing.
/// </summary>
internal sealed class ConvolutionSplit
{
    private readonly Action<int> _work;
    private WorkerPool? _pool;

    // The convolution in progress, and the kernel switches of the thread that asked for it (the workers use the same code).
    private Conv2DLayer? _layer;
    private ConvolutionPass _pass;
    private AlignedBuffer? _input, _residual, _output;
    private int _count;
    private bool _vector256, _direct;

    public ConvolutionSplit() => _work = Part;

    /// <summary>The pool the convolutions are split over (null: none is).</summary>
    public WorkerPool? Pool
    {
        get => _pool;
        set => _pool = value;
    }

    /// <summary>
    /// <paramref name="pass"/> of <paramref name="layer"/> over <paramref name="count"/> images, split between the pool's
    /// workers when its kernel has parts on this thread, else whole on this thread.
    /// </summary>
    public void Run(Conv2DLayer layer, ConvolutionPass pass, AlignedBuffer input, AlignedBuffer? residual, AlignedBuffer output, int count, LayerWorkspace workspace, in StepContext step)
    {
        WorkerPool? pool = _pool;
        if (pool is null || pool.Count == 1 || !layer.Splits(pass))
        {
            layer.ForwardWhole(pass, input, residual is null ? default(ReadOnlySpan<float>) : residual.Span, output, count, workspace, step);
            return;
        }

        (_layer, _pass, _input, _residual, _output, _count) = (layer, pass, input, residual, output, count);
        (_vector256, _direct) = (!KernelDispatch.Vector512Enabled, !KernelDispatch.WinogradEnabled);
        try
        {
            pool.Run(_work);
        }
        finally
        {
            (_layer, _input, _residual, _output) = (null, null, null, null);
        }
    }

    private void Part(int worker)
    {
        // Worker 0 is the calling thread, already under its switches; the others take them on for the part.
        using KernelDispatch.Scope vector256 = worker > 0 && _vector256 ? KernelDispatch.ForceVector256() : default;
        using KernelDispatch.Scope direct = worker > 0 && _direct ? KernelDispatch.ForceDirect() : default;
        ReadOnlySpan<float> residual = _residual is null ? default(ReadOnlySpan<float>) : _residual.Span;
        _layer!.ForwardPart(_pass, _input!, residual, _output!, _count, worker, _pool!.Count);
    }
}
