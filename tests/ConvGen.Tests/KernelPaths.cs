using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// The code paths a generated kernel can take on this machine — its 512-bit code, its 256-bit code, the generic
/// fallback — so that every numerical test runs each of them. A path the CPU lacks is left out here and reported as
/// skipped, with the reason, by <see cref="KernelPathTests"/>.
/// </summary>
internal static class KernelPaths
{
    public const string Vector512 = "Vector512";
    public const string Vector256 = "Vector256";
    public const string Generic = "generic";

    public static bool HasVector512 => Avx512F.IsSupported;

    public static bool HasVector256 => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The paths this CPU can run, widest first.</summary>
    public static IReadOnlyList<string> Available { get; } = Find();

    /// <summary>Makes generated kernels called on this thread take <paramref name="path"/> until disposed.</summary>
    public static IDisposable Enter(string path)
    {
        IDisposable scope = path switch
        {
            Vector512 => new Nothing(),
            Vector256 => KernelDispatch.ForceVector256(),
            Generic => KernelDispatch.ForceGeneric(),
            _ => throw new ArgumentException(path, nameof(path)),
        };
        string expected = path switch { Vector512 => "AVX-512", Vector256 => "AVX2/FMA", _ => "generic" };
        Assert.Equal(expected, KernelDispatch.Active);
        return scope;
    }

    private static List<string> Find()
    {
        var paths = new List<string>();
        if (HasVector512)
        {
            paths.Add(Vector512);
        }

        if (HasVector256)
        {
            paths.Add(Vector256);
        }

        paths.Add(Generic);
        return paths;
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>A fact that is skipped, saying why, on a CPU without AVX-512.</summary>
public sealed class Vector512FactAttribute : FactAttribute
{
    public Vector512FactAttribute()
    {
        if (!KernelPaths.HasVector512)
        {
            Skip = "This CPU has no AVX-512: the generated kernels' 512-bit code cannot run here (their 256-bit code and the generic fallback are tested).";
        }
    }
}

/// <summary>A fact that is skipped, saying why, on a CPU without AVX2 and FMA.</summary>
public sealed class Vector256FactAttribute : FactAttribute
{
    public Vector256FactAttribute()
    {
        if (!KernelPaths.HasVector256)
        {
            Skip = "This CPU has no AVX2/FMA: the generated kernels' 256-bit code cannot run here (the generic fallback is tested).";
        }
    }
}

/// <summary>Which paths the numerical tests cover on this machine.</summary>
public class KernelPathTests
{
    [Vector512Fact]
    public void Vector512CodeIsTestedOnThisMachine()
    {
        Assert.Contains(KernelPaths.Vector512, KernelPaths.Available);
        Assert.Equal("AVX-512", KernelDispatch.Active);
        using (KernelDispatch.ForceVector256())
        {
            Assert.Equal("AVX2/FMA", KernelDispatch.Active);
        }

        Assert.Equal("AVX-512", KernelDispatch.Active);
    }

    [Vector256Fact]
    public void Vector256CodeIsTestedOnThisMachine()
    {
        Assert.Contains(KernelPaths.Vector256, KernelPaths.Available);
        using (KernelDispatch.ForceGeneric())
        {
            Assert.Equal("generic", KernelDispatch.Active);
        }
    }
}
