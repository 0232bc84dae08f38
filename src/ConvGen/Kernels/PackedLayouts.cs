using System;

namespace ConvGen;

/// <summary>
/// The weight layouts in a generated kernel's packed buffer, one flag each: the direct convolution's for 256-bit code
/// (which the generic fallback reads too) and for 512-bit code, and, for kernels generated with Winograd, both widths'
/// transformed weights. A kernel reads one of them per call (<see cref="IConv2DKernel.ForwardLayouts"/>), so a
/// training loop that repacks after every step need only pack the layouts its kernels read.
/// </summary>
[Flags]
public enum PackedLayouts
{
    /// <summary>No layout.</summary>
    None = 0,

    /// <summary>The direct convolution's 256-bit layout, also read by the generic kernel.</summary>
    Vector256Direct = 1,

    /// <summary>The direct convolution's 512-bit layout.</summary>
    Vector512Direct = 2,

    /// <summary>The 256-bit Winograd kernel's transformed weights.</summary>
    Vector256Winograd = 4,

    /// <summary>The 512-bit Winograd kernel's transformed weights.</summary>
    Vector512Winograd = 8,

    /// <summary>Every layout.</summary>
    All = Vector256Direct | Vector512Direct | Vector256Winograd | Vector512Winograd,
}
