using System;
using System.ComponentModel;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.__Internals;

/// <summary>
/// Software prefetch for generated kernels that stream rows too large for the caches (depthwise layers on 56×56
/// images): a row method asks for the next row's input and output while it computes its own, so they arrive from
/// memory in time. Hints only: nothing is read, and nothing outside the buffer is asked for.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelPrefetch
{
    private const int FloatsPerLine = 16;

    /// <summary>
    /// Asks for floats [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) after
    /// <paramref name="origin"/> to be brought into L2, one hint per 64-byte line, clipped to the first
    /// <paramref name="length"/> floats (the buffer's extent from <paramref name="origin"/>).
    /// </summary>
    public static unsafe void ToL2(ref float origin, nint start, nint count, nint length)
    {
        nint end = Math.Min(start + count, length);
        if (!Sse.IsSupported || start < 0 || start >= end)
        {
            return;
        }

        fixed (float* p = &origin)
        {
            for (nint i = start; i < end; i += FloatsPerLine)
            {
                Sse.Prefetch1(p + i);
            }
        }
    }
}
