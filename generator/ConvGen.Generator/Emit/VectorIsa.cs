namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The vector width an emitted kernel is written for: the type names, the FMA call and the CPU check. The
    /// templates take one of these instead of assuming 8 lanes.
    /// </summary>
    internal sealed class VectorIsa
    {
        public static readonly VectorIsa Avx2 = new VectorIsa(8, "Vector256", "Fma.MultiplyAdd", "Avx2.IsSupported && Fma.IsSupported", "avx2", "Avx2Kernel");

        private VectorIsa(int lanes, string vector, string fma, string guard, string suffix, string className)
        {
            Lanes = lanes;
            Vector = vector;
            Fma = fma;
            Guard = guard;
            Suffix = suffix;
            ClassName = className;
        }

        public int Lanes { get; }

        /// <summary>The vector type's static class (<c>Vector256</c>); the value type is <c>Vector256&lt;float&gt;</c>.</summary>
        public string Vector { get; }

        public string VectorOfFloat => Vector + "<float>";

        /// <summary>A fused multiply-add <c>a * b + c</c> call name, taking (a, b, c).</summary>
        public string Fma { get; }

        /// <summary>The run-time condition under which the kernel may run.</summary>
        public string Guard { get; }

        /// <summary>The ISA suffix of microkernel names (XNNPACK style).</summary>
        public string Suffix { get; }

        /// <summary>The nested class holding the kernel for this width.</summary>
        public string ClassName { get; }
    }
}
