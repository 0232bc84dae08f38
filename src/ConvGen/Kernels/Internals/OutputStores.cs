using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.__Internals;

/// <summary>
/// How a generated kernel writes its output vectors. A kernel whose output rows are larger than the caches can keep
/// for its reader (one image of 1 MB or more: the next layer reads it after the whole batch has gone through this one)
/// is generic over this, and <see cref="OutputStreaming.Run{TKernel}"/> picks <see cref="StreamingStore"/> when the
/// output allows it: the stores then neither read the lines they overwrite first nor evict the input the kernel is
/// still reading.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IOutputStore
{
    /// <summary>Whether the stores bypass the caches (a kernel then prefetches its input further ahead and no output).</summary>
    static abstract bool Streams { get; }

    /// <summary>Stores <paramref name="value"/> at <paramref name="offset"/> floats after <paramref name="destination"/>.</summary>
    static abstract void Store(Vector256<float> value, ref float destination, nint offset);

    /// <summary>Stores <paramref name="value"/> at <paramref name="offset"/> floats after <paramref name="destination"/>.</summary>
    static abstract void Store(Vector512<float> value, ref float destination, nint offset);
}

/// <summary>Ordinary stores, through the caches: any alignment.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct CachedStore : IOutputStore
{
    /// <inheritdoc/>
    public static bool Streams => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
}

/// <summary>
/// Non-temporal stores (<c>vmovntps</c>): straight to memory, past the caches. Only valid on a pinned output whose
/// every stored vector is aligned to its width, which <see cref="OutputStreaming.Run{TKernel}"/> checks.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct StreamingStore : IOutputStore
{
    /// <inheritdoc/>
    public static bool Streams => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<float> value, ref float destination, nint offset) =>
        Avx.StoreAlignedNonTemporal((float*)Unsafe.AsPointer(ref Unsafe.Add(ref destination, offset)), value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<float> value, ref float destination, nint offset) =>
        Avx512F.StoreAlignedNonTemporal((float*)Unsafe.AsPointer(ref Unsafe.Add(ref destination, offset)), value);
}

/// <summary>A generated kernel (one vector width) that can write its output through either kind of store.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStreamingKernel
{
    /// <summary>Bytes of one output vector: every vector the kernel stores is at a multiple of this from the output's start.</summary>
    static abstract int VectorBytes { get; }

    /// <summary>The kernel's pass over <paramref name="batch"/> images, storing through <typeparamref name="TStore"/>.</summary>
    static abstract void Run<TStore>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)
        where TStore : struct, IOutputStore;
}

/// <summary>Runs a <see cref="IStreamingKernel"/> with streaming stores when its output allows them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class OutputStreaming
{
    [ThreadStatic]
    private static int t_streamedRuns;

    /// <summary>Runs on this thread that streamed their output (for tests).</summary>
    internal static int StreamedRuns => t_streamedRuns;

    /// <summary>
    /// Pins <paramref name="output"/> and runs <typeparamref name="TKernel"/> with <see cref="StreamingStore"/> when
    /// the output starts at a multiple of the kernel's vector size (a network's activations always do), else with
    /// <see cref="CachedStore"/>; a store fence after streaming orders the stores before whatever the caller does next
    /// (another thread may read the output).
    /// </summary>
    public static unsafe void Run<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)
        where TKernel : IStreamingKernel
    {
        fixed (float* start = &MemoryMarshal.GetReference(output))
        {
            if (((nint)start & (TKernel.VectorBytes - 1)) == 0)
            {
                TKernel.Run<StreamingStore>(input, packedWeights, bias, output, batch);
                Sse.StoreFence();
                t_streamedRuns++;
            }
            else
            {
                TKernel.Run<CachedStore>(input, packedWeights, bias, output, batch);
            }
        }
    }
}
