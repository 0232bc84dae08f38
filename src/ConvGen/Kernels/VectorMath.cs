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

    /// <summary>
    /// ReLU (<paramref name="ceiling"/> +∞) or ReLU6 (6) of each lane, a NaN staying NaN as in Keras and PyTorch (the
    /// native max and min would return 0 for it on x86), as <c>Math.Min(Math.Max(v, 0), ceiling)</c> does for one float.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> value, Vector256<float> ceiling) =>
        Vector256.ConditionalSelect(Vector256.Equals(value, value), Vector256.MinNative(Vector256.MaxNative(value, Vector256<float>.Zero), ceiling), value);

    /// <summary>Applies ReLU or ReLU6 in place (nothing for <see cref="Activation.None"/>); NaN stays NaN.</summary>
    public static void Activate(Span<float> values, Activation activation)
    {
        if (activation is not (Activation.Relu or Activation.Relu6))
        {
            return;
        }

        float ceilingValue = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
        var ceiling = Vector256.Create(ceilingValue);
        ref float o = ref MemoryMarshal.GetReference(values);
        int i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            Relu(Vector256.LoadUnsafe(ref o, (nuint)i), ceiling).StoreUnsafe(ref o, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            values[i] = Math.Min(Math.Max(values[i], 0f), ceilingValue);
        }
    }
}
