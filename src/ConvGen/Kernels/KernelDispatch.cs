using System;

namespace ConvGen;

/// <summary>
/// Chooses between generated SIMD kernels and the generic kernels. Generated kernels check the CPU
/// (<c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>) and this switch on every call.
/// </summary>
public static class KernelDispatch
{
    [ThreadStatic]
    private static int s_forceGenericDepth;

    /// <summary>True while the calling thread is inside <see cref="ForceGeneric"/>.</summary>
    public static bool GenericForced => s_forceGenericDepth > 0;

    /// <summary>
    /// Makes generated kernels called on this thread take the generic fallback until the returned scope is
    /// disposed: what they do on a CPU without AVX2 and FMA. Meant for tests and comparisons.
    /// </summary>
    public static Scope ForceGeneric()
    {
        s_forceGenericDepth++;
        return new Scope(true);
    }

    /// <summary>Ends a <see cref="ForceGeneric"/> region.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _active;

        internal Scope(bool active) => _active = active;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_active && s_forceGenericDepth > 0)
            {
                s_forceGenericDepth--;
            }
        }
    }
}
