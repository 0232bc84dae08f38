using System;
using System.Threading;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>The worker pool runs every worker once per call, propagates failures and counts background allocations.</summary>
public class WorkerPoolTests
{
    [Fact]
    public void RunsEveryWorkerOnceAndCountsWhatBackgroundWorkersAllocate()
    {
        using var pool = new WorkerPool(3);
        int[] runs = new int[3];
        object? kept = null;
        pool.Run(i =>
        {
            Interlocked.Increment(ref runs[i]);
            if (i == 2)
            {
                kept = new byte[10_000];
            }
        });
        Assert.Equal(new[] { 1, 1, 1 }, runs);
        Assert.NotNull(kept);
        Assert.True(pool.BackgroundAllocatedBytes >= 10_000, $"counted {pool.BackgroundAllocatedBytes} bytes");

        long before = pool.BackgroundAllocatedBytes;
        pool.Run(i => Interlocked.Increment(ref runs[i]));
        Assert.Equal(new[] { 2, 2, 2 }, runs);
        Assert.Equal(before, pool.BackgroundAllocatedBytes);
    }

    [Fact]
    public void AFailingWorkerFailsTheRun()
    {
        using var pool = new WorkerPool(2);
        var ex = Assert.Throws<AggregateException>(() => pool.Run(i => { if (i == 1) { throw new InvalidOperationException("worker 1"); } }));
        Assert.Contains("worker 1", ex.InnerException!.Message);
        int after = 0;
        pool.Run(_ => Interlocked.Increment(ref after));
        Assert.Equal(2, after);
    }
}
