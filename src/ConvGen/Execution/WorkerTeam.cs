using System;

namespace ConvGen;

/// <summary>
/// The workers a batch is split between, each with its <see cref="WorkerBuffers"/>: planned for a worker count and
/// the largest share seen so far, re-planned only when the count changes or a larger share comes (so steady-state
/// passes allocate nothing). Shares are contiguous and as equal as possible, the first workers taking one image more.
/// </summary>
internal sealed class WorkerTeam
{
    private readonly NetworkGraph _graph;
    private readonly bool _training;
    private int _plannedShare;

    public WorkerTeam(NetworkGraph graph, bool training)
    {
        _graph = graph;
        _training = training;
    }

    /// <summary>The workers, as last planned.</summary>
    public WorkerBuffers[] Workers { get; private set; } = Array.Empty<WorkerBuffers>();

    /// <summary>
    /// Makes sure <paramref name="workers"/> workers have buffers for their shares of <paramref name="batch"/> images,
    /// or for <paramref name="perPass"/> images when they pass their shares through in parts of that many.
    /// </summary>
    public void Plan(int workers, int batch, int perPass = int.MaxValue)
    {
        workers = Math.Max(1, workers);
        int share = Math.Min((batch + workers - 1) / workers, perPass);
        if (Workers.Length == workers && share <= _plannedShare)
        {
            return;
        }

        share = Math.Max(share, _plannedShare);
        var planned = new WorkerBuffers[workers];
        for (int i = 0; i < workers; i++)
        {
            planned[i] = new WorkerBuffers(_graph, share, _training);
        }

        Workers = planned;
        _plannedShare = share;
    }

    /// <summary>Forgets the buffers (the next <see cref="Plan"/> allocates anew).</summary>
    public void Clear()
    {
        Workers = Array.Empty<WorkerBuffers>();
        _plannedShare = 0;
    }

    /// <summary>Worker <paramref name="worker"/>'s share of <paramref name="count"/> images: its first image and its size.</summary>
    public (int First, int Count) Share(int worker, int count)
    {
        int workers = Workers.Length;
        int share = count / workers, extra = count % workers;
        return (worker * share + Math.Min(worker, extra), share + (worker < extra ? 1 : 0));
    }

    /// <summary>The workers' summed loss and correct predictions, in worker order.</summary>
    public (double LossSum, int Correct) SumOfShares()
    {
        double loss = 0;
        int correct = 0;
        foreach (WorkerBuffers w in Workers)
        {
            loss += w.Loss;
            correct += w.Correct;
        }

        return (loss, correct);
    }

    /// <summary>Worker <paramref name="index"/> with its share of <paramref name="batchCount"/> images, its loss and count of correct predictions reset.</summary>
    public (WorkerBuffers Worker, int First, int Count) TakeShare(int index, int batchCount)
    {
        WorkerBuffers w = Workers[index];
        (int first, int count) = Share(index, batchCount);
        w.Count = count;
        w.Loss = 0;
        w.Correct = 0;
        return (w, first, count);
    }
}
