using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// A layer of a planned network: the layer as declared, and for a convolution the kernels it runs and the
    /// neighbours they absorb (layer indices; <see cref="None"/> when nothing is fused). The generated network hands
    /// these decisions to the runtime, which reads them instead of deriving them again.
    /// </summary>
    internal sealed record LayerPlan(LayerModel Layer)
    {
        /// <summary>No layer (−1 is the network's input).</summary>
        public const int None = int.MinValue;

        /// <summary>
        /// The kernel of a convolution for training and unfolded inference; null for other layers, and in an
        /// inference-only network for a convolution whose normalisation is folded (the runtime's generic kernel then
        /// computes the convolution alone, when asked to).
        /// </summary>
        public KernelSpec? Kernel { get; init; }

        /// <summary>The forward-only kernel with the following batch normalisation folded in, or null.</summary>
        public KernelSpec? Folded { get; init; }

        /// <summary>The batch normalisation <see cref="Folded"/> computes too.</summary>
        public int FoldedNormalization { get; init; } = None;

        /// <summary>The concatenation whose channel slice the kernel writes in place.</summary>
        public int SliceOf { get; init; } = None;

        /// <summary>The Add the kernel computes in its epilogue (training and inference).</summary>
        public int ResidualAdd { get; init; } = None;

        /// <summary>The Add the folded kernel computes in its epilogue (inference), reading the folded normalisation.</summary>
        public int FoldedResidualAdd { get; init; } = None;

        /// <summary>The other input of the fused Add: the residual (−1 is the network's input).</summary>
        public int ResidualInput { get; init; } = None;

        /// <summary>
        /// The max pooling that alone reads this ReLU (or ReLU6) convolution and applies its activation's derivative
        /// on the pooled gradient; when it is the next layer, training runs the pair a few images at a time.
        /// </summary>
        public int Pooling { get; init; } = None;
    }
}
