using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ConvGen;

/// <summary>
/// A fixed set of threads that run one piece of work each, on demand, without allocating: the caller is worker 0,
/// background threads are workers 1..n−1. Used to split a batch between cores.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    // A semaphore, not a CountdownEvent: ManualResetEventSlim allocates its lock the first time a wait blocks.
    private readonly SemaphoreSlim _done;
    private Action<int>? _work;
    private volatile bool _disposed;
    private int _running;
    private int _lent;
    private Exception? _failure;
    private long _backgroundAllocated;

    public WorkerPool(int workers)
    {
        Count = Math.Max(1, workers);
        _threads = new Thread[Count - 1];
        _start = new SemaphoreSlim[Count - 1];
        _done = new SemaphoreSlim(0);
        for (int i = 0; i < _threads.Length; i++)
        {
            int index = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"ConvGen worker {index}" };
            _threads[i].Start();
        }
    }

    public int Count { get; }

    /// <summary>Bytes the background workers allocated while running work, summed since the pool started (tests read it).</summary>
    public long BackgroundAllocatedBytes => Interlocked.Read(ref _backgroundAllocated);

    /// <summary>
    /// Runs <paramref name="work"/>(i) for every worker i and waits for all; rethrows the caller's failure, else wraps the
    /// first background failure in an <see cref="AggregateException"/>.
    /// </summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The worker pool is already running work: one Run at a time.");
        }

        try
        {
            RunAll(work);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Lends the pool to one caller (an inference call) until <see cref="Release"/>; false while it is lent to another.</summary>
    public bool TryAcquire() => Interlocked.CompareExchange(ref _lent, 1, 0) == 0;

    /// <summary>Gives back the pool lent by <see cref="TryAcquire"/>.</summary>
    public void Release() => Volatile.Write(ref _lent, 0);

    private void RunAll(Action<int> work)
    {
        if (Count == 1)
        {
            work(0);
            return;
        }

        _work = work;
        _failure = null;
        for (int i = 0; i < _start.Length; i++)
        {
            _start[i].Release();
        }

        Exception? own = null;
        try
        {
            work(0);
        }
        catch (Exception ex)
        {
            own = ex;
        }
        finally
        {
            for (int i = 1; i < Count; i++)
            {
                _done.Wait();
            }

            _work = null;
        }

        // The caller's own failure as it is; else a background worker's; a caller that only stopped waiting for a
        // failed worker (WorkAbandonedException) reports that worker's failure.
        if (own is not null && (own is not WorkAbandonedException || _failure is null))
        {
            ExceptionDispatchInfo.Throw(own);
        }

        if (_failure is not null)
        {
            throw new AggregateException("A training worker failed.", _failure);
        }
    }

    private void Loop(int index)
    {
        SemaphoreSlim start = _start[index - 1];
        while (true)
        {
            start.Wait();
            if (_disposed)
            {
                return;
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _work!(index);
            }
            catch (Exception ex) when (ex is not WorkAbandonedException)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }
            catch (WorkAbandonedException)
            {
                // Stopped waiting for a worker that failed: that worker's exception is the one reported.
            }
            finally
            {
                Interlocked.Add(ref _backgroundAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
                _done.Release();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (SemaphoreSlim s in _start)
        {
            s.Release();
        }

        foreach (Thread t in _threads)
        {
            t.Join();
        }

        foreach (SemaphoreSlim s in _start)
        {
            s.Dispose();
        }

        _done.Dispose();
    }
}
