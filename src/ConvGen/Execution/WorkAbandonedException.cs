using System;

namespace ConvGen;

/// <summary>
/// Thrown in a worker that was waiting for the others (a mid-pass reduction, <see cref="BatchSync"/>) when another
/// worker failed: it unwinds the waiting worker; <see cref="WorkerPool.Run"/> then reports the failure that caused it.
/// </summary>
internal sealed class WorkAbandonedException : Exception
{
    public WorkAbandonedException()
        : base("Another worker of this step failed; this one stopped waiting for it.")
    {
    }
}
