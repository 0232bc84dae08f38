using System;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.__Internals;

/// <summary>
/// Which generated code a pass runs on the calling thread now, widest first: the 512-bit code when
/// <c>Avx512F.IsSupported</c> and <see cref="KernelDispatch.Vector512Enabled"/>, the 256-bit code when
/// <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c> and not <see cref="KernelDispatch.GenericForced"/>, Winograd
/// before direct where the kernel has it and <see cref="KernelDispatch.WinogradEnabled"/>; otherwise the generic
/// kernel. A route is named by the layout flag of its kind and width (<see cref="PackedLayouts.None"/>: generic).
/// </summary>
internal static class GeneratedCode
{
    /// <summary>The route among the kinds of code a kernel has (<paramref name="code"/>).</summary>
    public static PackedLayouts Route(PackedLayouts code)
    {
        if (Avx512F.IsSupported && KernelDispatch.Vector512Enabled)
        {
            if ((code & PackedLayouts.Vector512Winograd) != 0 && KernelDispatch.WinogradEnabled)
            {
                return PackedLayouts.Vector512Winograd;
            }

            if ((code & PackedLayouts.Vector512Direct) != 0)
            {
                return PackedLayouts.Vector512Direct;
            }
        }

        if (Avx2.IsSupported && Fma.IsSupported && !KernelDispatch.GenericForced)
        {
            if ((code & PackedLayouts.Vector256Winograd) != 0 && KernelDispatch.WinogradEnabled)
            {
                return PackedLayouts.Vector256Winograd;
            }

            if ((code & PackedLayouts.Vector256Direct) != 0)
            {
                return PackedLayouts.Vector256Direct;
            }
        }

        return PackedLayouts.None;
    }

    /// <summary>The layout a route reads: its own, or for the generic kernel the 256-bit direct layout.</summary>
    public static PackedLayouts Reads(PackedLayouts route) => route == PackedLayouts.None ? PackedLayouts.Vector256Direct : route;

    /// <summary>What an interface's default member throws: the runtime never calls code a kernel's flags do not list.</summary>
    public static InvalidOperationException Missing(string what) =>
        new($"This generated kernel has no {what} code, and its flags say so; the runtime should not have called it.");
}
