using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConvGen;

/// <summary>
/// Floats whose first element starts a 64-byte cache line, so a kernel's 512-bit loads and stores of whole pixels
/// never straddle two lines (a .NET array's elements start 16 bytes into the object, anywhere within a line). The
/// array is allocated pinned, once, with up to 15 spare floats in front; the buffer is the aligned part.
/// </summary>
public sealed class AlignedBuffer
{
    /// <summary>Bytes the first element is aligned to: a cache line and a 512-bit vector.</summary>
    public const int Alignment = 64;

    private readonly float[] _array;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed floats starting on a 64-byte boundary.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        const int spare = Alignment / sizeof(float) - 1;
        _array = GC.AllocateArray<float>(length + spare, pinned: true);
        nint address = AddressOf(_array);
        _offset = (int)((Alignment - address % Alignment) % Alignment / sizeof(float));
        Length = length;
    }

    /// <summary>Floats in the buffer.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<float> Span => _array.AsSpan(_offset, Length);

    /// <summary>The whole buffer as memory (for APIs that keep it, e.g. a tensor bound to a native session).</summary>
    public Memory<float> Memory => _array.AsMemory(_offset, Length);

    /// <summary><paramref name="length"/> floats from <paramref name="start"/>.</summary>
    public Span<float> AsSpan(int start, int length) => Span.Slice(start, length);

    /// <summary>The floats from <paramref name="start"/> to the end.</summary>
    public Span<float> AsSpan(int start) => Span.Slice(start);

    /// <summary>The whole buffer.</summary>
    public static implicit operator Span<float>(AlignedBuffer buffer) => buffer.Span;

    /// <summary>The whole buffer, read-only.</summary>
    public static implicit operator ReadOnlySpan<float>(AlignedBuffer buffer) => buffer.Span;

    /// <summary>The whole buffer as memory.</summary>
    public static implicit operator Memory<float>(AlignedBuffer buffer) => buffer.Memory;

    /// <summary>The whole buffer as read-only memory.</summary>
    public static implicit operator ReadOnlyMemory<float>(AlignedBuffer buffer) => buffer.Memory;

    /// <summary>Whether the first float of <paramref name="span"/> starts a 64-byte line (for tests and checks).</summary>
    public static bool IsAligned(ReadOnlySpan<float> span) => AddressOf(ref MemoryMarshal.GetReference(span)) % Alignment == 0;

    // The array is pinned, so its address is fixed for its lifetime.
    private static nint AddressOf(float[] array) => AddressOf(ref MemoryMarshal.GetArrayDataReference(array));

    private static unsafe nint AddressOf(ref float first) => (nint)Unsafe.AsPointer(ref first);
}
