namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Every name of the ConvGen runtime (and of the BCL, in files of the user's namespace) that generated code uses,
    /// fully qualified with <c>global::</c>, so that no type of the user's can capture it and a runtime rename is one
    /// edit here. Kernel files live in <see cref="GeneratedNamespace"/> and import the BCL namespaces of
    /// <see cref="KernelUsings"/> inside it (as the Regex generator does), which no user type can shadow either.
    /// </summary>
    internal static class RuntimeNames
    {
        /// <summary>The namespace of generated kernel structs, shared by every network and kernel class of a compilation.</summary>
        public const string GeneratedNamespace = "ConvGen.__Generated";

        /// <summary>
        /// The BCL namespaces a kernel file imports inside <see cref="GeneratedNamespace"/>, and the instruction sets whose
        /// fused multiply-adds it calls by name (<c>FusedMultiplyAdd</c> for 512 bits, <c>MultiplyAdd</c> for 256): the
        /// most frequent statement of a kernel, written without its class it is 4 and 8 characters shorter.
        /// </summary>
        public static readonly string[] KernelUsings =
        {
            "System",
            "System.Runtime.CompilerServices",
            "System.Runtime.InteropServices",
            "System.Runtime.Intrinsics",
            "System.Runtime.Intrinsics.X86",
            "static System.Runtime.Intrinsics.X86.Avx512F",
            "static System.Runtime.Intrinsics.X86.Fma",
        };

        // The public runtime.
        public const string Network = "global::ConvGen.Network";
        public const string LayerSummary = "global::ConvGen.LayerSummary";
        public const string Activation = "global::ConvGen.Activation";
        public const string Padding = "global::ConvGen.Padding";
        public const string Conv2DShape = "global::ConvGen.Conv2DShape";
        public const string ExplicitPads = "global::ConvGen.ExplicitPads";
        public const string PackedLayouts = "global::ConvGen.PackedLayouts";
        public const string IConv2DKernel = "global::ConvGen.IConv2DKernel";

        // What generated code alone calls: ConvGen.__Internals.
        private const string Internals = "global::ConvGen.__Internals.";
        public const string LayerDefinition = Internals + "LayerDefinition";
        public const string IGeneratedConv2D = Internals + "IGeneratedConv2D";
        public const string IGeneratedResidualConv2D = Internals + "IGeneratedResidualConv2D";
        public const string IGeneratedWeightGradient = Internals + "IGeneratedWeightGradient";
        public const string IGeneratedInputGradient = Internals + "IGeneratedInputGradient";
        public const string ForwardKernel = Internals + "ForwardKernel";
        public const string ResidualKernel = Internals + "ResidualKernel";
        public const string WeightGradientKernel = Internals + "WeightGradientKernel";
        public const string TrainingKernel = Internals + "TrainingKernel";
        public const string ResidualWeightGradientKernel = Internals + "ResidualWeightGradientKernel";
        public const string ResidualTrainingKernel = Internals + "ResidualTrainingKernel";
        public const string Conv2DWeightPacking = Internals + "Conv2DWeightPacking";
        public const string DepthwiseWeightPacking = Internals + "DepthwiseWeightPacking";
        public const string WinogradWeights = Internals + "WinogradWeights";
        public const string WinogradScratch = Internals + "WinogradScratch";
        public const string WinogradTransforms = Internals + "WinogradTransforms";
        public const string IWinogradLayer = Internals + "IWinogradLayer";
        public const string KernelPrefetch = Internals + "KernelPrefetch";
        public const string OutputStreaming = Internals + "OutputStreaming";
        public const string IStreamingKernel = Internals + "IStreamingKernel";
        public const string IOutputStore = Internals + "IOutputStore";
        public const string CachedStore = Internals + "CachedStore";

        // The BCL, in files of the user's namespace.
        public const string ReadOnlySpan = "global::System.ReadOnlySpan";
        public const string Span = "global::System.Span";
        public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";

        /// <summary>A value of <c>ConvGen.Activation</c> (None 0, Relu 1, Softmax 2, Relu6 3).</summary>
        public static string ActivationValue(int activation) => Activation + "." + Model.ActivationNames.Name(activation);

        /// <summary>A value of <c>ConvGen.Padding</c> (Valid 0, Same 1).</summary>
        public static string PaddingValue(int padding) => Padding + (padding == 1 ? ".Same" : ".Valid");

        /// <summary>A flag of <c>ConvGen.PackedLayouts</c>, e.g. <c>Vector512Winograd</c>.</summary>
        public static string Layout(string flag) => PackedLayouts + "." + flag;

        /// <summary>A generated kernel struct, from anywhere.</summary>
        public static string Kernel(string name) => "global::" + GeneratedNamespace + "." + name;
    }
}
