using System;
using System.Runtime.Intrinsics.X86;

namespace ConvGen;

/// <summary>
/// Chooses between the generated kernels' widths and the generic kernels. Every generated kernel checks, on each call,
/// widest first: the 512-bit kernel when <c>Avx512F.IsSupported</c> and <see cref="Vector512Enabled"/>; the 256-bit
/// kernel when <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c> and not <see cref="GenericForced"/>; else the generic
/// kernel. The switches are per thread, for tests and comparisons.
/// </summary>
public static class KernelDispatch
{
    [ThreadStatic]
    private static int s_forceGenericDepth;

    [ThreadStatic]
    private static int s_forceVector256Depth;

    [ThreadStatic]
    private static int s_forceDirectDepth;

    /// <summary>True while the calling thread is inside <see cref="ForceGeneric"/>.</summary>
    public static bool GenericForced => s_forceGenericDepth > 0;

    /// <summary>
    /// Process-wide: when true, no generated kernel uses its 512-bit code (every thread runs the 256-bit kernels), as on
    /// a CPU without AVX-512. For comparisons, e.g. the benchmarks' Vector256 rows of whole training epochs.
    /// </summary>
    public static bool DisableVector512 { get; set; }

    /// <summary>False while the calling thread is inside <see cref="ForceGeneric"/> or <see cref="ForceVector256"/>, or with <see cref="DisableVector512"/>.</summary>
    public static bool Vector512Enabled => s_forceGenericDepth == 0 && s_forceVector256Depth == 0 && !DisableVector512;

    /// <summary>
    /// Process-wide: when true, kernels generated with Winograd do not run it. They have no direct code (nothing else
    /// would run it), so the generic kernel runs instead. For comparisons.
    /// </summary>
    public static bool DisableWinograd { get; set; }

    /// <summary>False while the calling thread is inside <see cref="ForceDirect"/>, or with <see cref="DisableWinograd"/>.</summary>
    public static bool WinogradEnabled => s_forceDirectDepth == 0 && !DisableWinograd;

    /// <summary>The kernels a generated kernel called on this thread runs now: "AVX-512", "AVX2/FMA" or "generic".</summary>
    public static string Active =>
        Avx512F.IsSupported && Vector512Enabled ? "AVX-512"
        : Avx2.IsSupported && Fma.IsSupported && !GenericForced ? "AVX2/FMA"
        : "generic";

    /// <summary>
    /// Makes generated kernels called on this thread take the generic fallback until the returned scope is
    /// disposed: what they do on a CPU without AVX2 and FMA.
    /// </summary>
    public static Scope ForceGeneric()
    {
        s_forceGenericDepth++;
        return new Scope(Kind.Generic);
    }

    /// <summary>
    /// Makes generated kernels called on this thread use their 256-bit code until the returned scope is disposed:
    /// what they do on a CPU with AVX2 but without AVX-512.
    /// </summary>
    public static Scope ForceVector256()
    {
        s_forceVector256Depth++;
        return new Scope(Kind.Vector256);
    }

    /// <summary>
    /// Makes generated kernels called on this thread run no Winograd code until the returned scope is disposed: a
    /// Winograd kernel has no direct code, so the generic kernel runs instead. For comparisons and tests.
    /// </summary>
    public static Scope ForceDirect()
    {
        s_forceDirectDepth++;
        return new Scope(Kind.Direct);
    }

    internal enum Kind
    {
        None,
        Generic,
        Vector256,
        Direct,
    }

    /// <summary>Ends a <see cref="ForceGeneric"/>, <see cref="ForceVector256"/> or <see cref="ForceDirect"/> region.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Kind _kind;

        internal Scope(Kind kind) => _kind = kind;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_kind == Kind.Generic && s_forceGenericDepth > 0)
            {
                s_forceGenericDepth--;
            }
            else if (_kind == Kind.Vector256 && s_forceVector256Depth > 0)
            {
                s_forceVector256Depth--;
            }
            else if (_kind == Kind.Direct && s_forceDirectDepth > 0)
            {
                s_forceDirectDepth--;
            }
        }
    }
}
