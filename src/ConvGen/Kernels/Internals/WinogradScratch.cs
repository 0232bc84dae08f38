using System;
using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// The per-thread working memory of the generated Winograd kernels (a band's transformed input and products, a few
/// hundred KB, 64-byte aligned): allocated the first time a thread needs that much, then reused by every Winograd kernel that thread
/// runs, so steady-state calls allocate nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradScratch
{
    [ThreadStatic]
    private static AlignedBuffer? t_buffer;

    /// <summary>The calling thread's scratch, at least <paramref name="length"/> floats (contents unspecified).</summary>
    public static Span<float> Get(int length)
    {
        AlignedBuffer? buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new AlignedBuffer(length);
            t_buffer = buffer;
        }

        return buffer.AsSpan(0, length);
    }
}
