using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace ConvGen.Benchmarks;

/// <summary>
/// The machine's FMA peak, measured in the same run as the kernels: independent chains of fused multiply-adds in
/// registers (12 accumulators at 256 bits, 24 at 512 bits), on 1 and 2 threads. The "% of peak" column divides by these.
/// </summary>
public class PeakFma
{
    public const int Iterations = 1_000_000;
    public const int Accumulators256 = 12;
    public const int Accumulators512 = 24;

    [Params(1, 2)]
    public int Threads { get; set; }

    public static double Flops(bool wide, int threads) =>
        2.0 * Iterations * threads * (wide ? Accumulators512 * 16 : Accumulators256 * 8);

    [Benchmark(Description = "Fma256")]
    public float Fma256() => Threads == 1 ? Chains256() : Parallel2(Chains256);

    [Benchmark(Description = "Fma512")]
    public float Fma512() => Threads == 1 ? Chains512() : Parallel2(Chains512);

    private static float Parallel2(System.Func<float> work)
    {
        float a = 0, b = 0;
        Parallel.Invoke(() => a = work(), () => b = work());
        return a + b;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256()
    {
        if (!Fma.IsSupported)
        {
            return 0;
        }

        Vector256<float> m = Vector256.Create(0.999999f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c); a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c); a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c); a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512()
    {
        if (!Avx512F.IsSupported)
        {
            return 0;
        }

        Vector512<float> m = Vector512.Create(0.999999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        Vector512<float> b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0, b8 = a0, b9 = a0, b10 = a0, b11 = a0;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c); a3 = Avx512F.FusedMultiplyAdd(a3, m, c);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c); a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, c); a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
            b0 = Avx512F.FusedMultiplyAdd(b0, m, c); b1 = Avx512F.FusedMultiplyAdd(b1, m, c); b2 = Avx512F.FusedMultiplyAdd(b2, m, c); b3 = Avx512F.FusedMultiplyAdd(b3, m, c);
            b4 = Avx512F.FusedMultiplyAdd(b4, m, c); b5 = Avx512F.FusedMultiplyAdd(b5, m, c); b6 = Avx512F.FusedMultiplyAdd(b6, m, c); b7 = Avx512F.FusedMultiplyAdd(b7, m, c);
            b8 = Avx512F.FusedMultiplyAdd(b8, m, c); b9 = Avx512F.FusedMultiplyAdd(b9, m, c); b10 = Avx512F.FusedMultiplyAdd(b10, m, c); b11 = Avx512F.FusedMultiplyAdd(b11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11);
    }
}
