namespace ConvGen.Generator.Model
{
    /// <summary>
    /// One layer of a declared network with its inferred shapes. <see cref="Conv"/> is set for convolutions;
    /// <see cref="Units"/>, <see cref="Activation"/> and <see cref="UseBias"/> describe dense layers,
    /// <see cref="PoolSize"/>/<see cref="Stride"/>/<see cref="Padding"/> (Valid 0, Same 1) pooling, <see cref="Rate"/> dropout, and batch
    /// normalisation (<see cref="Momentum"/>, <see cref="Epsilon"/>, the activation that follows in <see cref="Activation"/>).
    /// </summary>
    internal sealed record LayerModel(
        LayerKind Kind,
        string Name,
        string KernelClassName,
        TensorShape Input,
        TensorShape Output,
        long ParameterCount,
        ConvModel? Conv,
        int Units,
        int Activation,
        bool UseBias,
        int PoolSize,
        int Stride,
        double Rate,
        int Padding = 0,
        double Epsilon = 0,
        double Momentum = 0)
    {
        /// <summary>A pooling layer's explicit pads (top, left, bottom, right); empty when <see cref="Padding"/> applies.</summary>
        public EquatableArray<int> Pads { get; init; } = EquatableArray<int>.Empty;

        /// <summary>Average pooling: padded cells count in the divisor (ONNX's <c>count_include_pad</c>).</summary>
        public bool CountIncludePad { get; init; }

        /// <summary>Indices of the layers this one reads (−1: the network's input); empty means the previous layer.</summary>
        public EquatableArray<int> Inputs { get; init; } = EquatableArray<int>.Empty;
    }
}
