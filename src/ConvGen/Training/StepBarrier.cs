using System.Threading;

namespace ConvGen;

/// <summary>
/// Where the workers of one training step wait for each other between its phases (gradients, then the optimiser's
/// update, then repacking). Every worker is running when it arrives, and the phases are short (tenths of a
/// millisecond), so it spins (yielding, never sleeping) instead of blocking in the kernel. Allocation-free.
/// </summary>
internal sealed class StepBarrier
{
    private int _participants = 1;
    private int _remaining = 1;
    private int _phase;

    /// <summary>Sets how many workers arrive at each barrier; call only while no worker waits.</summary>
    public void Reset(int participants)
    {
        _participants = participants;
        _remaining = participants;
    }

    /// <summary>Arrives and waits until every participant has arrived.</summary>
    public void SignalAndWait()
    {
        int phase = Volatile.Read(ref _phase);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            // Re-arm before releasing: a released worker may arrive at the next barrier at once.
            _remaining = _participants;
            Volatile.Write(ref _phase, phase + 1);
            return;
        }

        var spin = new SpinWait();
        while (Volatile.Read(ref _phase) == phase)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }
}
