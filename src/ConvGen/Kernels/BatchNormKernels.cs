using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// The passes of batch normalisation over rows of <c>channels</c> values (NHWC pixels or flat features), vectorised
/// over the channels. Per-channel sums are accumulated in float per call and returned in double.
/// </summary>
internal static class BatchNormKernels
{
    private const int Lanes = 8;

    /// <summary>sums[c] += Σ a[p][c]; sums[C + c] += Σ a[p][c]·b[p][c] (b = a gives the sum of squares).</summary>
    public static void Sums(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int channels, Span<double> sums, Span<float> scratch)
    {
        Span<float> s1 = scratch.Slice(0, channels), s2 = scratch.Slice(channels, channels);
        s1.Clear();
        s2.Clear();
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float r1 = ref MemoryMarshal.GetReference(s1);
        ref float r2 = ref MemoryMarshal.GetReference(s2);
        int vectorEnd = channels - channels % Lanes;
        for (int p = 0; p < rows; p++)
        {
            ref float ap = ref Unsafe.Add(ref ar, p * channels);
            ref float bp = ref Unsafe.Add(ref br, p * channels);
            int c = 0;
            for (; c < vectorEnd; c += Lanes)
            {
                var av = Vector256.LoadUnsafe(ref ap, (nuint)c);
                (Vector256.LoadUnsafe(ref r1, (nuint)c) + av).StoreUnsafe(ref r1, (nuint)c);
                Vector256.MultiplyAddEstimate(av, Vector256.LoadUnsafe(ref bp, (nuint)c), Vector256.LoadUnsafe(ref r2, (nuint)c)).StoreUnsafe(ref r2, (nuint)c);
            }

            for (; c < channels; c++)
            {
                float av = Unsafe.Add(ref ap, c);
                Unsafe.Add(ref r1, c) += av;
                Unsafe.Add(ref r2, c) += av * Unsafe.Add(ref bp, c);
            }
        }

        for (int c = 0; c < channels; c++)
        {
            sums[c] += s1[c];
            sums[channels + c] += s2[c];
        }
    }

    /// <summary>y = act(scale[c]·x + shift[c]); when <paramref name="normalised"/> is not empty also x̂ = (x − mean)·invStd, given as scale2/shift2.</summary>
    public static void Affine(ReadOnlySpan<float> x, Span<float> y, int rows, int channels, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Activation activation,
        Span<float> normalised, ReadOnlySpan<float> normScale, ReadOnlySpan<float> normShift)
    {
        bool relu = activation is Activation.Relu or Activation.Relu6;
        var ceiling = Vector256.Create(activation == Activation.Relu6 ? 6f : float.PositiveInfinity);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float sr = ref MemoryMarshal.GetReference(scale);
        ref float hr = ref MemoryMarshal.GetReference(shift);
        bool keep = !normalised.IsEmpty;
        ref float nr = ref MemoryMarshal.GetReference(normalised);
        ref float ns = ref MemoryMarshal.GetReference(normScale);
        ref float nh = ref MemoryMarshal.GetReference(normShift);
        int vectorEnd = channels - channels % Lanes;
        for (int p = 0; p < rows; p++)
        {
            nint row = p * channels;
            int c = 0;
            for (; c < vectorEnd; c += Lanes)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)(row + c));
                var v = Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref sr, (nuint)c), Vector256.LoadUnsafe(ref hr, (nuint)c));
                if (relu)
                {
                    v = VectorMath.Relu(v, ceiling);
                }

                v.StoreUnsafe(ref yr, (nuint)(row + c));
                if (keep)
                {
                    Vector256.MultiplyAddEstimate(xv, Vector256.LoadUnsafe(ref ns, (nuint)c), Vector256.LoadUnsafe(ref nh, (nuint)c)).StoreUnsafe(ref nr, (nuint)(row + c));
                }
            }

            for (; c < channels; c++)
            {
                float xv = Unsafe.Add(ref xr, row + c);
                float v = xv * Unsafe.Add(ref sr, c) + Unsafe.Add(ref hr, c);
                Unsafe.Add(ref yr, row + c) = relu ? Math.Min(Math.Max(v, 0f), activation == Activation.Relu6 ? 6f : float.PositiveInfinity) : v;
                if (keep)
                {
                    Unsafe.Add(ref nr, row + c) = xv * Unsafe.Add(ref ns, c) + Unsafe.Add(ref nh, c);
                }
            }
        }
    }

    /// <summary>dx = a[c]·g + b[c]·x̂ + d[c] per element (the batch-normalisation input gradient with its sums folded into a, b, d).</summary>
    public static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> normalised, Span<float> dx, int rows, int channels, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> d)
    {
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float nr = ref MemoryMarshal.GetReference(normalised);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(d);
        int vectorEnd = channels - channels % Lanes;
        for (int p = 0; p < rows; p++)
        {
            nint row = p * channels;
            int c = 0;
            for (; c < vectorEnd; c += Lanes)
            {
                var v = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref gr, (nuint)(row + c)), Vector256.LoadUnsafe(ref ar, (nuint)c),
                    Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref nr, (nuint)(row + c)), Vector256.LoadUnsafe(ref br, (nuint)c), Vector256.LoadUnsafe(ref cr, (nuint)c)));
                v.StoreUnsafe(ref dr, (nuint)(row + c));
            }

            for (; c < channels; c++)
            {
                Unsafe.Add(ref dr, row + c) = Unsafe.Add(ref gr, row + c) * Unsafe.Add(ref ar, c) + Unsafe.Add(ref nr, row + c) * Unsafe.Add(ref br, c) + Unsafe.Add(ref cr, c);
            }
        }
    }
}
