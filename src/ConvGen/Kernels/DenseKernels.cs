using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// The matrix products of a dense layer, row-major, vectorised over the units (the contiguous dimension):
/// Y = X·W + b, dW = Xᵀ·G, dX = G·Wᵀ. Weights are Keras's <c>[inputs][units]</c>.
/// </summary>
public static class DenseKernels
{
    private const int Lanes = 8;

    /// <summary>Y[n][u] = b[u] + Σi X[n][i]·W[i][u], then ReLU or ReLU6 (softmax is left to the loss).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inputs, int units, Activation activation)
    {
        bool relu = activation is Activation.Relu or Activation.Relu6;
        float ceiling = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int vectorEnd = units - units % Lanes;
        for (int n = 0; n < rows; n++)
        {
            ref float xn = ref Unsafe.Add(ref xr, n * inputs);
            ref float yn = ref Unsafe.Add(ref yr, n * units);
            int u = 0;
            for (; u + 4 * Lanes <= vectorEnd; u += 4 * Lanes)
            {
                Vector256<float> a0 = Bias(bias, u), a1 = Bias(bias, u + Lanes), a2 = Bias(bias, u + 2 * Lanes), a3 = Bias(bias, u + 3 * Lanes);
                for (int i = 0; i < inputs; i++)
                {
                    var xv = Vector256.Create(Unsafe.Add(ref xn, i));
                    ref float wi = ref Unsafe.Add(ref wr, i * units + u);
                    a0 = Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref wi), a0);
                    a1 = Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref wi, Lanes), a1);
                    a2 = Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref wi, 2 * Lanes), a2);
                    a3 = Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref wi, 3 * Lanes), a3);
                }

                Store(a0, ref yn, u, relu, ceiling);
                Store(a1, ref yn, u + Lanes, relu, ceiling);
                Store(a2, ref yn, u + 2 * Lanes, relu, ceiling);
                Store(a3, ref yn, u + 3 * Lanes, relu, ceiling);
            }

            for (; u < vectorEnd; u += Lanes)
            {
                Vector256<float> a = Bias(bias, u);
                for (int i = 0; i < inputs; i++)
                {
                    a = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref xn, i)), Vector256.LoadUnsafe(ref wr, (nuint)(i * units + u)), a);
                }

                Store(a, ref yn, u, relu, ceiling);
            }

            for (; u < units; u++)
            {
                float sum = bias.IsEmpty ? 0f : bias[u];
                for (int i = 0; i < inputs; i++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xn, i), Unsafe.Add(ref wr, i * units + u), sum);
                }

                Unsafe.Add(ref yn, u) = relu ? Math.Min(Math.Max(sum, 0f), ceiling) : sum;
            }
        }
    }

    /// <summary>dW[i][u] = Σn X[n][i]·G[n][u] (overwritten).</summary>
    public static void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dw, int rows, int inputs, int units)
    {
        dw.Slice(0, inputs * units).Clear();
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dw);
        int vectorEnd = units - units % Lanes;
        for (int n = 0; n < rows; n++)
        {
            ref float xn = ref Unsafe.Add(ref xr, n * inputs);
            ref float gn = ref Unsafe.Add(ref gr, n * units);
            for (int i = 0; i < inputs; i++)
            {
                float xv = Unsafe.Add(ref xn, i);
                if (xv == 0f)
                {
                    continue; // ReLU outputs are often zero: their rows add nothing
                }

                var xb = Vector256.Create(xv);
                ref float di = ref Unsafe.Add(ref dr, i * units);
                int u = 0;
                for (; u < vectorEnd; u += Lanes)
                {
                    Vector256.MultiplyAddEstimate(xb, Vector256.LoadUnsafe(ref gn, (nuint)u), Vector256.LoadUnsafe(ref di, (nuint)u)).StoreUnsafe(ref di, (nuint)u);
                }

                for (; u < units; u++)
                {
                    Unsafe.Add(ref di, u) = MathF.FusedMultiplyAdd(xv, Unsafe.Add(ref gn, u), Unsafe.Add(ref di, u));
                }
            }
        }
    }

    /// <summary>dX[n][i] = Σu G[n][u]·W[i][u] (overwritten).</summary>
    public static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> w, Span<float> dx, int rows, int inputs, int units)
    {
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float wr = ref MemoryMarshal.GetReference(w);
        int vectorEnd = units - units % Lanes;
        for (int n = 0; n < rows; n++)
        {
            ref float gn = ref Unsafe.Add(ref gr, n * units);
            for (int i = 0; i < inputs; i++)
            {
                ref float wi = ref Unsafe.Add(ref wr, i * units);
                var acc = Vector256<float>.Zero;
                int u = 0;
                for (; u < vectorEnd; u += Lanes)
                {
                    acc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref gn, (nuint)u), Vector256.LoadUnsafe(ref wi, (nuint)u), acc);
                }

                float sum = Vector256.Sum(acc);
                for (; u < units; u++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref gn, u), Unsafe.Add(ref wi, u), sum);
                }

                dx[n * inputs + i] = sum;
            }
        }
    }

    /// <summary>In place: G = G ⊙ activation'(Y); db[u] = Σn G[n][u] (overwritten) when bias is not empty.</summary>
    public static void ActivationAndBias(ReadOnlySpan<float> y, Span<float> g, Span<float> gradBias, int rows, int units, Activation activation) =>
        Conv2DGradients.ActivationAndBias(y, g, gradBias, rows, units, activation == Activation.Softmax ? Activation.None : activation, !gradBias.IsEmpty);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bias(ReadOnlySpan<float> bias, int u) =>
        bias.IsEmpty ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(bias), (nuint)u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float row, int u, bool relu, float ceiling) =>
        (relu ? Vector256.MinNative(Vector256.MaxNative(value, Vector256<float>.Zero), Vector256.Create(ceiling)) : value).StoreUnsafe(ref row, (nuint)u);
}
