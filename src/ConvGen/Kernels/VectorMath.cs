using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Element-wise helpers for the training loop.</summary>
internal static class VectorMath
{
    /// <summary>total[i] += part[i].</summary>
    public static void AddInPlace(Span<float> total, ReadOnlySpan<float> part)
    {
        ref float t = ref MemoryMarshal.GetReference(total);
        ref float p = ref MemoryMarshal.GetReference(part);
        int i = 0;
        for (; i + Vector256<float>.Count <= total.Length; i += Vector256<float>.Count)
        {
            (Vector256.LoadUnsafe(ref t, (nuint)i) + Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
        }

        for (; i < total.Length; i++)
        {
            total[i] += part[i];
        }
    }
}
