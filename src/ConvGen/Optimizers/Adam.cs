using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// Adam with Keras's defaults and update rule: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
/// α = lr·√(1−β2ᵗ)/(1−β1ᵗ), w ← w − α·m/(√v + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>
    /// Creates Adam with Keras's defaults (lr 0.001, β1 0.9, β2 0.999, ε 1e-7). The learning rate must be finite and
    /// not negative, β1 and β2 in [0, 1), ε finite and positive: anything else throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f)
    {
        LearningRate = CheckFinite(learningRate, 0, float.PositiveInfinity, nameof(learningRate));
        Beta1 = CheckFinite(beta1, 0, 1, nameof(beta1));
        Beta2 = CheckFinite(beta2, 0, 1, nameof(beta2));
        Epsilon = CheckFinite(epsilon, float.Epsilon, float.PositiveInfinity, nameof(epsilon));
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to √v.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    protected override int SlotCount => 2;

    /// <inheritdoc />
    protected override void Update(float[] values, float[] gradient, float[][] slots, long iteration)
    {
        float alpha = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, iteration)) / (1 - Math.Pow(Beta1, iteration)));
        float[] m = slots[0], v = slots[1];
        var b1 = Vector256.Create(Beta1);
        var b2 = Vector256.Create(Beta2);
        var c1 = Vector256.Create(1 - Beta1);
        var c2 = Vector256.Create(1 - Beta2);
        var a = Vector256.Create(alpha);
        var eps = Vector256.Create(Epsilon);
        ref float wr = ref MemoryMarshal.GetArrayDataReference(values);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(gradient);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(m);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(v);
        int i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            var g = Vector256.LoadUnsafe(ref gr, (nuint)i);
            var mi = b1 * Vector256.LoadUnsafe(ref mr, (nuint)i) + c1 * g;
            var vi = b2 * Vector256.LoadUnsafe(ref vr, (nuint)i) + c2 * g * g;
            mi.StoreUnsafe(ref mr, (nuint)i);
            vi.StoreUnsafe(ref vr, (nuint)i);
            (Vector256.LoadUnsafe(ref wr, (nuint)i) - a * mi / (Vector256.Sqrt(vi) + eps)).StoreUnsafe(ref wr, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            float g = gradient[i];
            m[i] = Beta1 * m[i] + (1 - Beta1) * g;
            v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
            values[i] -= alpha * m[i] / (MathF.Sqrt(v[i]) + Epsilon);
        }
    }
}
