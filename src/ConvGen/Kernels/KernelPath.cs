namespace ConvGen;

/// <summary>Which code a generated kernel runs (see <see cref="KernelDispatch"/>).</summary>
public enum KernelPath
{
    /// <summary>The widest the CPU supports: 512-bit, else 256-bit, else generic.</summary>
    Widest,

    /// <summary>The 256-bit code (the generic kernel without AVX2/FMA).</summary>
    Vector256,

    /// <summary>The generic kernel.</summary>
    Generic,

    /// <summary>As <see cref="Widest"/>, but no Winograd code runs (<see cref="KernelDispatch.ForceDirect"/>: a Winograd kernel then runs the generic kernel).</summary>
    WidestDirect,
}
