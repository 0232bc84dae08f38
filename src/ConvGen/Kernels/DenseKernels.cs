using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// The matrix products of a dense layer, row-major, vectorised over the units (the contiguous dimension):
/// Y = X·W + b, dW = Xᵀ·G, dX = G·Wᵀ. Weights are Keras's <c>[inputs][units]</c>.
/// </summary>
internal static class DenseKernels
{
    private const int Lanes = 8;

    /// <summary>Y[n][u] = b[u] + Σi X[n][i]·W[i][u], then ReLU or ReLU6 (softmax is left to the loss).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inputs, int units, Activation activation)
    {
        ShapeChecks.AtLeast(x.Length, (long)rows * inputs, nameof(x), "{0} rows of {1} inputs", rows, inputs);
        ShapeChecks.AtLeast(w.Length, (long)inputs * units, nameof(w), "{0} inputs x {1} units", inputs, units);
        ShapeChecks.AtLeast(y.Length, (long)rows * units, nameof(y), "{0} rows of {1} units", rows, units);
        if (!bias.IsEmpty)
        {
            ShapeChecks.AtLeast(bias.Length, units, nameof(bias), "{0} units", units);
        }

        bool relu = activation is Activation.Relu or Activation.Relu6;
        float ceiling = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int vectorEnd = units - units % Lanes;
        int n = 0;
        // Four rows at a time share each weight vector: 4 x 4 accumulators, so the FMAs do not wait on each other.
        for (; n + 4 <= rows; n += 4)
        {
            ref float x0 = ref Unsafe.Add(ref xr, n * inputs);
            ref float x1 = ref Unsafe.Add(ref x0, inputs);
            ref float x2 = ref Unsafe.Add(ref x1, inputs);
            ref float x3 = ref Unsafe.Add(ref x2, inputs);
            int u = 0;
            for (; u + 4 * Lanes <= vectorEnd; u += 4 * Lanes)
            {
                Vector256<float> b0 = Bias(bias, u), b1 = Bias(bias, u + Lanes), b2 = Bias(bias, u + 2 * Lanes), b3 = Bias(bias, u + 3 * Lanes);
                Vector256<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
                Vector256<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
                for (int i = 0; i < inputs; i++)
                {
                    ref float wi = ref Unsafe.Add(ref wr, i * units + u);
                    Vector256<float> w0 = Vector256.LoadUnsafe(ref wi), w1 = Vector256.LoadUnsafe(ref wi, Lanes), w2 = Vector256.LoadUnsafe(ref wi, 2 * Lanes), w3 = Vector256.LoadUnsafe(ref wi, 3 * Lanes);
                    var v = Vector256.Create(Unsafe.Add(ref x0, i));
                    a00 = Vector256.MultiplyAddEstimate(v, w0, a00); a01 = Vector256.MultiplyAddEstimate(v, w1, a01); a02 = Vector256.MultiplyAddEstimate(v, w2, a02); a03 = Vector256.MultiplyAddEstimate(v, w3, a03);
                    v = Vector256.Create(Unsafe.Add(ref x1, i));
                    a10 = Vector256.MultiplyAddEstimate(v, w0, a10); a11 = Vector256.MultiplyAddEstimate(v, w1, a11); a12 = Vector256.MultiplyAddEstimate(v, w2, a12); a13 = Vector256.MultiplyAddEstimate(v, w3, a13);
                    v = Vector256.Create(Unsafe.Add(ref x2, i));
                    a20 = Vector256.MultiplyAddEstimate(v, w0, a20); a21 = Vector256.MultiplyAddEstimate(v, w1, a21); a22 = Vector256.MultiplyAddEstimate(v, w2, a22); a23 = Vector256.MultiplyAddEstimate(v, w3, a23);
                    v = Vector256.Create(Unsafe.Add(ref x3, i));
                    a30 = Vector256.MultiplyAddEstimate(v, w0, a30); a31 = Vector256.MultiplyAddEstimate(v, w1, a31); a32 = Vector256.MultiplyAddEstimate(v, w2, a32); a33 = Vector256.MultiplyAddEstimate(v, w3, a33);
                }

                ref float y0 = ref Unsafe.Add(ref yr, n * units + u);
                Store(a00, ref y0, 0, relu, ceiling); Store(a01, ref y0, Lanes, relu, ceiling); Store(a02, ref y0, 2 * Lanes, relu, ceiling); Store(a03, ref y0, 3 * Lanes, relu, ceiling);
                ref float y1 = ref Unsafe.Add(ref y0, units);
                Store(a10, ref y1, 0, relu, ceiling); Store(a11, ref y1, Lanes, relu, ceiling); Store(a12, ref y1, 2 * Lanes, relu, ceiling); Store(a13, ref y1, 3 * Lanes, relu, ceiling);
                ref float y2 = ref Unsafe.Add(ref y1, units);
                Store(a20, ref y2, 0, relu, ceiling); Store(a21, ref y2, Lanes, relu, ceiling); Store(a22, ref y2, 2 * Lanes, relu, ceiling); Store(a23, ref y2, 3 * Lanes, relu, ceiling);
                ref float y3 = ref Unsafe.Add(ref y2, units);
                Store(a30, ref y3, 0, relu, ceiling); Store(a31, ref y3, Lanes, relu, ceiling); Store(a32, ref y3, 2 * Lanes, relu, ceiling); Store(a33, ref y3, 3 * Lanes, relu, ceiling);
            }

            for (int r = 0; r < 4; r++)
            {
                ForwardRow(ref Unsafe.Add(ref xr, (n + r) * inputs), ref wr, bias, ref Unsafe.Add(ref yr, (n + r) * units), u, inputs, units, relu, ceiling);
            }
        }

        for (; n < rows; n++)
        {
            ForwardRow(ref Unsafe.Add(ref xr, n * inputs), ref wr, bias, ref Unsafe.Add(ref yr, n * units), 0, inputs, units, relu, ceiling);
        }
    }

    // Units from..units of one row.
    private static void ForwardRow(ref float xn, ref float wr, ReadOnlySpan<float> bias, ref float yn, int from, int inputs, int units, bool relu, float ceiling)
    {
        int vectorEnd = units - units % Lanes;
        int u = from;
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

    /// <summary>dW[i][u] = Σn X[n][i]·G[n][u] (overwritten).</summary>
    public static void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dw, int rows, int inputs, int units)
    {
        ShapeChecks.AtLeast(x.Length, (long)rows * inputs, nameof(x), "{0} rows of {1} inputs", rows, inputs);
        ShapeChecks.AtLeast(g.Length, (long)rows * units, nameof(g), "{0} rows of {1} units", rows, units);
        ShapeChecks.AtLeast(dw.Length, (long)inputs * units, nameof(dw), "{0} inputs x {1} units", inputs, units);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dw);
        int vectorEnd = units - units % Lanes;
        int i = 0;
        // Four inputs x 32 units summed down the rows in registers, each dW element written once.
        for (; i + 4 <= inputs; i += 4)
        {
            int u = 0;
            for (; u + 4 * Lanes <= vectorEnd; u += 4 * Lanes)
            {
                Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                for (int n = 0; n < rows; n++)
                {
                    ref float gn = ref Unsafe.Add(ref gr, n * units + u);
                    ref float xn = ref Unsafe.Add(ref xr, n * inputs + i);
                    Vector256<float> g0 = Vector256.LoadUnsafe(ref gn), g1 = Vector256.LoadUnsafe(ref gn, Lanes), g2 = Vector256.LoadUnsafe(ref gn, 2 * Lanes), g3 = Vector256.LoadUnsafe(ref gn, 3 * Lanes);
                    var v = Vector256.Create(xn);
                    a00 = Vector256.MultiplyAddEstimate(v, g0, a00); a01 = Vector256.MultiplyAddEstimate(v, g1, a01); a02 = Vector256.MultiplyAddEstimate(v, g2, a02); a03 = Vector256.MultiplyAddEstimate(v, g3, a03);
                    v = Vector256.Create(Unsafe.Add(ref xn, 1));
                    a10 = Vector256.MultiplyAddEstimate(v, g0, a10); a11 = Vector256.MultiplyAddEstimate(v, g1, a11); a12 = Vector256.MultiplyAddEstimate(v, g2, a12); a13 = Vector256.MultiplyAddEstimate(v, g3, a13);
                    v = Vector256.Create(Unsafe.Add(ref xn, 2));
                    a20 = Vector256.MultiplyAddEstimate(v, g0, a20); a21 = Vector256.MultiplyAddEstimate(v, g1, a21); a22 = Vector256.MultiplyAddEstimate(v, g2, a22); a23 = Vector256.MultiplyAddEstimate(v, g3, a23);
                    v = Vector256.Create(Unsafe.Add(ref xn, 3));
                    a30 = Vector256.MultiplyAddEstimate(v, g0, a30); a31 = Vector256.MultiplyAddEstimate(v, g1, a31); a32 = Vector256.MultiplyAddEstimate(v, g2, a32); a33 = Vector256.MultiplyAddEstimate(v, g3, a33);
                }

                ref float d0 = ref Unsafe.Add(ref dr, i * units + u);
                a00.StoreUnsafe(ref d0); a01.StoreUnsafe(ref d0, Lanes); a02.StoreUnsafe(ref d0, 2 * Lanes); a03.StoreUnsafe(ref d0, 3 * Lanes);
                ref float d1 = ref Unsafe.Add(ref d0, units);
                a10.StoreUnsafe(ref d1); a11.StoreUnsafe(ref d1, Lanes); a12.StoreUnsafe(ref d1, 2 * Lanes); a13.StoreUnsafe(ref d1, 3 * Lanes);
                ref float d2 = ref Unsafe.Add(ref d1, units);
                a20.StoreUnsafe(ref d2); a21.StoreUnsafe(ref d2, Lanes); a22.StoreUnsafe(ref d2, 2 * Lanes); a23.StoreUnsafe(ref d2, 3 * Lanes);
                ref float d3 = ref Unsafe.Add(ref d2, units);
                a30.StoreUnsafe(ref d3); a31.StoreUnsafe(ref d3, Lanes); a32.StoreUnsafe(ref d3, 2 * Lanes); a33.StoreUnsafe(ref d3, 3 * Lanes);
            }

            for (int r = 0; r < 4; r++)
            {
                WeightGradientRow(ref xr, ref gr, ref dr, i + r, u, rows, inputs, units);
            }
        }

        for (; i < inputs; i++)
        {
            WeightGradientRow(ref xr, ref gr, ref dr, i, 0, rows, inputs, units);
        }
    }

    // dW[i][from..units], summed down the rows.
    private static void WeightGradientRow(ref float xr, ref float gr, ref float dr, int i, int from, int rows, int inputs, int units)
    {
        int vectorEnd = units - units % Lanes;
        ref float di = ref Unsafe.Add(ref dr, i * units);
        int u = from;
        for (; u < vectorEnd; u += Lanes)
        {
            var a = Vector256<float>.Zero;
            for (int n = 0; n < rows; n++)
            {
                a = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref xr, n * inputs + i)), Vector256.LoadUnsafe(ref gr, (nuint)(n * units + u)), a);
            }

            a.StoreUnsafe(ref di, (nuint)u);
        }

        for (; u < units; u++)
        {
            float sum = 0f;
            for (int n = 0; n < rows; n++)
            {
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, n * inputs + i), Unsafe.Add(ref gr, n * units + u), sum);
            }

            Unsafe.Add(ref di, u) = sum;
        }
    }

    /// <summary>dX[n][i] = Σu G[n][u]·W[i][u] (overwritten).</summary>
    public static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> w, Span<float> dx, int rows, int inputs, int units)
    {
        ShapeChecks.AtLeast(g.Length, (long)rows * units, nameof(g), "{0} rows of {1} units", rows, units);
        ShapeChecks.AtLeast(w.Length, (long)inputs * units, nameof(w), "{0} inputs x {1} units", inputs, units);
        ShapeChecks.AtLeast(dx.Length, (long)rows * inputs, nameof(dx), "{0} rows of {1} inputs", rows, inputs);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int vectorEnd = units - units % Lanes;
        int n = 0;
        // Two rows x four inputs: eight dot products down the units at once, each G and W vector loaded once.
        for (; n + 2 <= rows; n += 2)
        {
            ref float g0 = ref Unsafe.Add(ref gr, n * units);
            ref float g1 = ref Unsafe.Add(ref g0, units);
            int i = 0;
            for (; i + 4 <= inputs; i += 4)
            {
                ref float w0 = ref Unsafe.Add(ref wr, i * units);
                ref float w1 = ref Unsafe.Add(ref w0, units);
                ref float w2 = ref Unsafe.Add(ref w1, units);
                ref float w3 = ref Unsafe.Add(ref w2, units);
                Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                for (int u = 0; u < vectorEnd; u += Lanes)
                {
                    Vector256<float> ga = Vector256.LoadUnsafe(ref g0, (nuint)u), gb = Vector256.LoadUnsafe(ref g1, (nuint)u);
                    var v = Vector256.LoadUnsafe(ref w0, (nuint)u);
                    a00 = Vector256.MultiplyAddEstimate(ga, v, a00); a10 = Vector256.MultiplyAddEstimate(gb, v, a10);
                    v = Vector256.LoadUnsafe(ref w1, (nuint)u);
                    a01 = Vector256.MultiplyAddEstimate(ga, v, a01); a11 = Vector256.MultiplyAddEstimate(gb, v, a11);
                    v = Vector256.LoadUnsafe(ref w2, (nuint)u);
                    a02 = Vector256.MultiplyAddEstimate(ga, v, a02); a12 = Vector256.MultiplyAddEstimate(gb, v, a12);
                    v = Vector256.LoadUnsafe(ref w3, (nuint)u);
                    a03 = Vector256.MultiplyAddEstimate(ga, v, a03); a13 = Vector256.MultiplyAddEstimate(gb, v, a13);
                }

                ref float d0 = ref Unsafe.Add(ref dr, n * inputs + i);
                ref float d1 = ref Unsafe.Add(ref d0, inputs);
                d0 = Dot(a00, ref g0, ref w0, vectorEnd, units); Unsafe.Add(ref d0, 1) = Dot(a01, ref g0, ref w1, vectorEnd, units);
                Unsafe.Add(ref d0, 2) = Dot(a02, ref g0, ref w2, vectorEnd, units); Unsafe.Add(ref d0, 3) = Dot(a03, ref g0, ref w3, vectorEnd, units);
                d1 = Dot(a10, ref g1, ref w0, vectorEnd, units); Unsafe.Add(ref d1, 1) = Dot(a11, ref g1, ref w1, vectorEnd, units);
                Unsafe.Add(ref d1, 2) = Dot(a12, ref g1, ref w2, vectorEnd, units); Unsafe.Add(ref d1, 3) = Dot(a13, ref g1, ref w3, vectorEnd, units);
            }

            for (; i < inputs; i++)
            {
                Unsafe.Add(ref dr, n * inputs + i) = DotRow(ref g0, ref Unsafe.Add(ref wr, i * units), vectorEnd, units);
                Unsafe.Add(ref dr, (n + 1) * inputs + i) = DotRow(ref g1, ref Unsafe.Add(ref wr, i * units), vectorEnd, units);
            }
        }

        for (; n < rows; n++)
        {
            for (int i = 0; i < inputs; i++)
            {
                Unsafe.Add(ref dr, n * inputs + i) = DotRow(ref Unsafe.Add(ref gr, n * units), ref Unsafe.Add(ref wr, i * units), vectorEnd, units);
            }
        }
    }

    // Σu g[u]·w[u]: the vector part summed in `acc`, then the units past the last whole vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(Vector256<float> acc, ref float g, ref float w, int vectorEnd, int units)
    {
        float sum = Vector256.Sum(acc);
        for (int u = vectorEnd; u < units; u++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref g, u), Unsafe.Add(ref w, u), sum);
        }

        return sum;
    }

    private static float DotRow(ref float g, ref float w, int vectorEnd, int units)
    {
        var acc = Vector256<float>.Zero;
        for (int u = 0; u < vectorEnd; u += Lanes)
        {
            acc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref g, (nuint)u), Vector256.LoadUnsafe(ref w, (nuint)u), acc);
        }

        return Dot(acc, ref g, ref w, vectorEnd, units);
    }

    /// <summary>In place: G = G ⊙ activation'(Y); db[u] = Σn G[n][u] (overwritten) when bias is not empty.</summary>
    public static void ActivationAndBias(ReadOnlySpan<float> y, Span<float> g, Span<float> gradBias, int rows, int units, Activation activation) =>
        Conv2DGradients.ActivationAndBias(y, g, gradBias, rows, units, activation == Activation.Softmax ? Activation.None : activation, !gradBias.IsEmpty);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bias(ReadOnlySpan<float> bias, int u) =>
        bias.IsEmpty ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(bias), (nuint)u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float row, int u, bool relu, float ceiling) =>
        (relu ? VectorMath.Relu(value, Vector256.Create(ceiling)) : value).StoreUnsafe(ref row, (nuint)u);
}
