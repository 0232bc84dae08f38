using System;
using System.Threading;

namespace ConvGen;

/// <summary>
/// Lets the workers of one step combine per-channel partial sums in the middle of a pass (batch normalisation needs
/// statistics of the whole batch): every active worker deposits its partial, waits for the others, and reads the
/// total, summed in worker order so the result does not depend on timing. Allocation-free in steady state. A worker
/// that fails calls <see cref="Abandon"/>, so that the others stop waiting for it (they throw
/// <see cref="WorkAbandonedException"/>) instead of waiting for ever.
/// </summary>
internal sealed class BatchSync
{
    private readonly object _gate = new();
    private double[][] _partials = Array.Empty<double[]>();
    private int _participants = 1;
    private int _arrived;
    private long _phase;
    private bool _abandoned;

    /// <summary>Sets how many workers take part in this step's reductions.</summary>
    public void Reset(int participants, int workers, int width)
    {
        _participants = participants;
        _arrived = 0;
        _abandoned = false;
        if (_partials.Length != workers || (workers > 0 && _partials[0].Length < width))
        {
            _partials = new double[workers][];
            for (int i = 0; i < workers; i++)
            {
                _partials[i] = new double[width];
            }
        }
    }

    /// <summary>Called by a worker that failed: every worker waiting in (or later reaching) a reduction of this step throws <see cref="WorkAbandonedException"/>.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The partial buffer of worker <paramref name="worker"/> (at least the planned width).</summary>
    public Span<double> Partial(int worker, int length) => _partials[worker].AsSpan(0, length);

    /// <summary>Waits until every participant deposited its partial, then writes their sum (in worker order) to <paramref name="total"/>.</summary>
    public void Sum(int length, Span<double> total)
    {
        Wait();
        total.Slice(0, length).Clear();
        for (int w = 0; w < _participants; w++)
        {
            ReadOnlySpan<double> part = _partials[w].AsSpan(0, length);
            for (int i = 0; i < length; i++)
            {
                total[i] += part[i];
            }
        }

        // Nobody may overwrite a partial before everyone has read the totals.
        Wait();
    }

    private void Wait()
    {
        if (_participants == 1)
        {
            return;
        }

        lock (_gate)
        {
            if (_abandoned)
            {
                throw new WorkAbandonedException();
            }

            long phase = _phase;
            if (++_arrived == _participants)
            {
                _arrived = 0;
                _phase++;
                Monitor.PulseAll(_gate);
                return;
            }

            while (phase == _phase)
            {
                if (_abandoned)
                {
                    throw new WorkAbandonedException();
                }

                Monitor.Wait(_gate);
            }
        }
    }
}
