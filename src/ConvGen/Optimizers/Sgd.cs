using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>Stochastic gradient descent with (Keras-style) momentum: v ← μ·v − lr·g, w ← w + v.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>
    /// Creates SGD (Keras's defaults: lr 0.01, momentum 0). The learning rate must be finite and not negative, the
    /// momentum in [0, 1): anything else throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public Sgd(float learningRate = 0.01f, float momentum = 0f)
    {
        LearningRate = CheckFinite(learningRate, 0, float.PositiveInfinity, nameof(learningRate));
        Momentum = CheckFinite(momentum, 0, 1, nameof(momentum));
    }

    /// <summary>Momentum μ in [0, 1).</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    protected override int SlotCount => 1;

    /// <inheritdoc />
    protected override void Update(float[] values, float[] gradient, float[][] slots, long iteration)
    {
        float[] velocity = slots[0];
        var mu = Vector256.Create(Momentum);
        var lr = Vector256.Create(LearningRate);
        ref float wr = ref MemoryMarshal.GetArrayDataReference(values);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(gradient);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(velocity);
        int i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            var v = mu * Vector256.LoadUnsafe(ref vr, (nuint)i) - lr * Vector256.LoadUnsafe(ref gr, (nuint)i);
            v.StoreUnsafe(ref vr, (nuint)i);
            (Vector256.LoadUnsafe(ref wr, (nuint)i) + v).StoreUnsafe(ref wr, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            velocity[i] = Momentum * velocity[i] - LearningRate * gradient[i];
            values[i] += velocity[i];
        }
    }
}
