namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// The vector width an emitted kernel is written for: the type names, the FMA call, the run-time check and the
    /// register budget. The templates take one of these instead of assuming 8 lanes; every kernel class gets one
    /// nested class per width, dispatched widest first.
    /// </summary>
    internal sealed class VectorIsa
    {
        /// <summary>256-bit AVX2 + FMA: 16 YMM registers, 12 of them accumulators.</summary>
        public static readonly VectorIsa Avx2 = new VectorIsa(
            8, "Vector256", "MultiplyAdd", "avx2", "Avx2", 12, 16);

        /// <summary>512-bit AVX-512F: 32 ZMM registers, up to 24 of them accumulators.</summary>
        public static readonly VectorIsa Avx512 = new VectorIsa(
            16, "Vector512", "FusedMultiplyAdd", "avx512f", "Avx512", 24, 32);

        /// <summary>The widths every kernel is generated for, in dispatch order (widest first).</summary>
        public static readonly VectorIsa[] All = { Avx512, Avx2 };

        /// <summary>The order of the widths' layouts in a packed buffer: 256-bit first (the generic kernel reads its direct layout).</summary>
        public static readonly VectorIsa[] PackingOrder = { Avx2, Avx512 };

        private VectorIsa(int lanes, string vector, string fma, string suffix, string prefix, int accumulators, int registers)
        {
            Registers = registers;
            Lanes = lanes;
            Vector = vector;
            Fma = fma;
            Suffix = suffix;
            Prefix = prefix;
            Accumulators = accumulators;
        }

        public int Lanes { get; }

        /// <summary>The vector type's static class (<c>Vector256</c>); the value type is <c>Vector256&lt;float&gt;</c>.</summary>
        public string Vector { get; }

        public string VectorOfFloat => Vector + "<float>";

        /// <summary>A fused multiply-add <c>a * b + c</c> call name, taking (a, b, c).</summary>
        public string Fma { get; }

        /// <summary>The ISA suffix of microkernel names (XNNPACK style).</summary>
        public string Suffix { get; }

        /// <summary>The prefix of this width's nested classes and constants (<c>Avx2Kernel</c>, <c>Avx512BlockWidth</c>).</summary>
        public string Prefix { get; }

        /// <summary>Vector registers of the machines this width is for (an AVX2-only CPU has 16).</summary>
        public int Registers { get; }

        /// <summary>Accumulator registers a tile may use.</summary>
        public int Accumulators { get; }

        /// <summary>
        /// Accumulator registers a depthwise tile may use: 12 at either width. A depthwise tap needs as many weight
        /// vectors as the tile has channel vectors (and the bias as many again) beside the accumulators, so 24 ZMM
        /// accumulators of 4 vectors overflowed the 32 registers (the JIT spilled 136 vectors per tile).
        /// </summary>
        public int DepthwiseAccumulators => 12;

        /// <summary>The nested class holding the forward kernel for this width.</summary>
        public string ClassName => Prefix + "Kernel";

        /// <summary>A nested class name for this width, e.g. <c>Avx512BackwardDataKernel</c> for <c>BackwardDataKernel</c>.</summary>
        public string Class(string kind) => Prefix + kind;
    }
}
