using System;
using System.Linq;
using System.Threading;

namespace ConvGen;

/// <summary>
/// Runs training steps on a <see cref="WorkerPool"/>: the batch is split between the workers, and each worker, once
/// its share's gradients are computed, takes the step's remaining tasks in turn — per layer with parameters or packed
/// layouts, from the last layer down (the order the backward pass finishes them), its update (sum the workers'
/// gradients in worker order, run the optimiser on each trainable parameter) and then each of its repack jobs. A
/// layer's update waits (spinning) only until every worker's backward pass is past that layer, its repack jobs until
/// the update is done; a worker that fails stops every wait. The same seed and worker count give the same weights
/// bit for bit, and a steady-state step allocates nothing.
/// </summary>
internal sealed class StepScheduler
{
    private readonly NetworkGraph _graph;
    private readonly GraphExecutor _executor;
    private readonly WorkerTeam _team;
    private readonly BatchSync _sync = new();
    private readonly Action<int> _stepWork;
    private readonly Action<int> _gradientWork;
    private readonly Action<int> _warmRepack;
    private readonly object _warmRepackLock = new();

    // Per layer with parameters or repacked layouts, from the last layer down: its update (Job −1), then its repack jobs.
    private readonly (int Layer, int Job)[] _stepTasks;
    // The step whose update of each layer has finished (its repack jobs wait for it).
    private readonly long[] _updatedAt;
    private long _step;
    private int _nextTask;
    // Set when a worker fails in this step: nobody waits for it or takes further tasks.
    private volatile bool _stepFailed;
    // The pool whose threads have each repacked every layer once: repacking keeps per-thread scratch (the flipped and
    // transposed weights), and any thread may take any repack task, so each allocates its scratch before the first
    // step instead of in whichever later step it first gets the largest layer.
    private WorkerPool? _repackWarmed;

    // The step the pool runs now (set for the duration of Pool.Run).
    private Batch _batch;
    private long _workStep;
    private Optimizer? _optimizer;

    public StepScheduler(NetworkGraph graph, GraphExecutor executor)
    {
        _graph = graph;
        _executor = executor;
        _team = new WorkerTeam(graph, training: true);
        Layer[] layers = graph.Layers;
        _stepTasks = Enumerable.Range(0, layers.Length).Reverse()
            .Where(l => layers[l].Parameters.Count > 0 || layers[l].RepackJobs > 0)
            .SelectMany(l => Enumerable.Range(-1, layers[l].RepackJobs + 1).Select(job => (l, job)))
            .ToArray();
        _updatedAt = new long[layers.Length];
        _stepWork = StepWorker;
        _gradientWork = GradientWorker;
        _warmRepack = _ =>
        {
            lock (_warmRepackLock)
            {
                foreach (Layer layer in _graph.Layers)
                {
                    layer.OnParametersChanged();
                }
            }
        };
    }

    /// <summary>Seeds the dropout masks (set by <c>Fit</c> from <see cref="FitOptions.Seed"/>).</summary>
    public int Seed { get; set; }

    /// <summary>The workers of the last step (for tests).</summary>
    public WorkerBuffers[] Workers => _team.Workers;

    /// <summary>Forgets the workers' buffers (the worker count changed).</summary>
    public void Reset() => _team.Clear();

    /// <summary>
    /// One optimisation step on <paramref name="batch"/>: returns the summed loss and the number of correct
    /// predictions. When the batch's loss is not finite nothing is updated (the caller reports it). Allocates nothing
    /// once planned.
    /// </summary>
    public (double LossSum, int Correct) TrainStep(WorkerPool pool, in Batch batch, Optimizer optimizer)
    {
        Begin(pool, batch, ++_step);
        optimizer.BeginStep(_graph.Parameters);
        _optimizer = optimizer;
        if (_repackWarmed != pool)
        {
            pool.Run(_warmRepack);
            _repackWarmed = pool;
        }

        _stepFailed = false;
        _nextTask = 0;
        foreach (WorkerBuffers w in _team.Workers)
        {
            w.Progress = int.MaxValue;
        }

        try
        {
            pool.Run(_stepWork);
        }
        finally
        {
            _optimizer = null;
            _graph.WeightsChanged();
        }

        return End();
    }

    /// <summary>
    /// Forward and backward passes over <paramref name="batch"/> with the dropout masks of <paramref name="step"/>:
    /// fills every <see cref="Parameter.Gradient"/> (of the batch-mean loss) without updating anything but batch
    /// normalisation's moving statistics.
    /// </summary>
    public (double LossSum, int Correct) ComputeGradients(WorkerPool pool, in Batch batch, long step)
    {
        Begin(pool, batch, step);
        try
        {
            pool.Run(_gradientWork);
        }
        finally
        {
            _graph.WeightsChanged();
        }

        for (int p = 0; p < _graph.Parameters.Count; p++)
        {
            SumGradient(p);
        }

        return End();
    }

    private void Begin(WorkerPool pool, in Batch batch, long step)
    {
        _team.Plan(pool.Count, batch.Count);
        _batch = batch;
        _workStep = step;
        _sync.Reset(Math.Min(batch.Count, _team.Workers.Length), _team.Workers.Length, _graph.SyncWidth);
    }

    private (double LossSum, int Correct) End()
    {
        _batch = default;
        return _team.SumOfShares();
    }

    // Parameter p's gradient: the workers' gradients summed in worker order (so the result does not depend on timing).
    private void SumGradient(int p)
    {
        Parameter parameter = _graph.Parameters[p];
        if (!parameter.Trainable)
        {
            return;
        }

        float[] total = parameter.Gradient;
        Array.Clear(total);
        foreach (WorkerBuffers w in _team.Workers)
        {
            if (w.Count == 0)
            {
                continue;
            }

            VectorMath.AddInPlace(total, w.Workspaces[_graph.LayerOfParameter[p]].ParameterGradients[_graph.IndexInLayer[p]]);
        }
    }

    // One worker's share of the gradients.
    private void TrainShare(int index)
    {
        (WorkerBuffers w, int first, int count) = _team.TakeShare(index, _batch.Count);
        if (count == 0)
        {
            return;
        }

        _batch.Load(w, first, count, _graph.InputLength);
        var step = new StepContext(true, Seed, _workStep, first, index, _batch.Count, _sync);
        _executor.TrainShare(w, count, 1f / _batch.Count, step);
    }

    // One worker's whole training step: its share's gradients, then update and repack tasks until none is left. A
    // worker that fails marks the step failed, so that no other waits for it; the pool rethrows its exception.
    private void StepWorker(int index)
    {
        try
        {
            TrainShare(index);
            Volatile.Write(ref _team.Workers[index].Progress, -1);
            Layer[] layers = _graph.Layers;
            for (int t = Interlocked.Increment(ref _nextTask) - 1; t < _stepTasks.Length && !_stepFailed; t = Interlocked.Increment(ref _nextTask) - 1)
            {
                (int l, int job) = _stepTasks[t];
                if (job < 0)
                {
                    if (!WaitForBackward(l))
                    {
                        return;
                    }

                    // A batch whose loss is not finite updates nothing: the weights stay the last finite ones.
                    if (double.IsFinite(_team.SumOfShares().LossSum))
                    {
                        for (int p = _graph.FirstParameter[l]; p < _graph.FirstParameter[l] + layers[l].Parameters.Count; p++)
                        {
                            if (_graph.Parameters[p].Trainable)
                            {
                                SumGradient(p);
                                _optimizer!.Update(_graph.Parameters[p]);
                            }
                        }
                    }

                    Volatile.Write(ref _updatedAt[l], _step);
                }
                else
                {
                    if (!WaitForUpdate(l))
                    {
                        return;
                    }

                    layers[l].Repack(job);
                }
            }
        }
        catch
        {
            _stepFailed = true;
            _sync.Abandon();
            throw;
        }
    }

    // One worker's share of the gradients (ComputeGradients): a worker that fails releases the others from the batch's
    // reductions, where they would otherwise wait for it for ever.
    private void GradientWorker(int index)
    {
        try
        {
            TrainShare(index);
        }
        catch
        {
            _sync.Abandon();
            throw;
        }
    }

    // Waits until every worker's backward pass is past layer l (its parameter gradients are final and nobody reads its
    // weights again this step); false if the step failed.
    private bool WaitForBackward(int l)
    {
        var spinner = default(SpinWait);
        foreach (WorkerBuffers w in _team.Workers)
        {
            while (Volatile.Read(ref w.Progress) >= l)
            {
                if (_stepFailed)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        return true;
    }

    // Waits until layer l's update task has finished; false if the step failed.
    private bool WaitForUpdate(int l)
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _updatedAt[l]) != _step)
        {
            if (_stepFailed)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return true;
    }
}
