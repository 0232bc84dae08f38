namespace ConvGen.Generator.Model
{
    /// <summary>
    /// Everything a convolution kernel is specialised on. Padding and activation use the runtime enums' values
    /// (Valid 0, Same 1; None 0, Relu 1).
    /// </summary>
    internal sealed record ConvModel(
        int Height,
        int Width,
        int Channels,
        int Filters,
        int KernelSize,
        int Stride,
        int Padding,
        int Activation,
        bool UseBias,
        bool Depthwise = false)
    {
        /// <summary>
        /// Floats between consecutive output pixels: 0 for a dense output (<see cref="Filters"/>); a concatenation's
        /// channel count when the kernel writes straight into its channel slice of the merged tensor.
        /// </summary>
        public int OutputStride { get; init; }

        /// <summary>
        /// −1, or the activation of a residual Add fused into the epilogue: the kernel class then also has
        /// <c>ForwardResidual</c>, computing activation(conv + bias + residual).
        /// </summary>
        public int ResidualActivation { get; init; } = -1;

        /// <summary>False when the declaration says <c>Winograd = false</c>: the forward pass stays a direct convolution.</summary>
        public bool WinogradAllowed { get; init; } = true;

        /// <summary>Explicit pads (top, left, bottom, right) that neither 'same' nor 'valid' gives; empty otherwise.</summary>
        public EquatableArray<int> Pads { get; init; } = EquatableArray<int>.Empty;

        /// <summary>True when <see cref="Pads"/> replaces <see cref="Padding"/>.</summary>
        public bool HasPads => Pads.Count == 4;

        /// <summary>The output pixel stride, resolved.</summary>
        public int OutputPixelStride => OutputStride == 0 ? Filters : OutputStride;

        /// <summary>The activation as C# source, e.g. <c>Activation.Relu</c>.</summary>
        public string ActivationSource => ActivationNames.Source(Activation);

        public bool Same => Padding == 1;

        public int OutputHeight => Windows(Height + PadTop + PadBottom);

        public int OutputWidth => Windows(Width + PadLeft + PadRight);

        public int PadTop => HasPads ? Pads[0] : KerasPadding.Pads(Height, KernelSize, Stride, Same).Before;

        public int PadLeft => HasPads ? Pads[1] : KerasPadding.Pads(Width, KernelSize, Stride, Same).Before;

        private int PadBottom => HasPads ? Pads[2] : KerasPadding.Pads(Height, KernelSize, Stride, Same).After;

        private int PadRight => HasPads ? Pads[3] : KerasPadding.Pads(Width, KernelSize, Stride, Same).After;

        /// <summary>How the padding reads in descriptions: <c>same</c>, <c>valid</c> or <c>pads 1,1,0,0</c>.</summary>
        public string PaddingText => HasPads ? $"pads {Pads[0]},{Pads[1]},{Pads[2]},{Pads[3]}" : Same ? "same" : "valid";

        public long WeightCount => (long)KernelSize * KernelSize * Channels * (Depthwise ? 1 : Filters);

        public long ParameterCount => WeightCount + (UseBias ? Filters : 0);

        // Kernel positions along a padded axis (none when the kernel does not fit).
        private int Windows(int padded) => padded >= KernelSize ? (padded - KernelSize) / Stride + 1 : 0;

        /// <summary>e.g. <c>14x14x32 -> 14x14x64, 3x3 same stride 1, relu</c>.</summary>
        public string Describe() =>
            $"{Height}x{Width}x{Channels} -> {OutputHeight}x{OutputWidth}x{Filters}, {KernelSize}x{KernelSize}{(Depthwise ? " depthwise" : string.Empty)} {PaddingText} stride {Stride}" +
            $"{ActivationNames.Suffix(Activation)}{(UseBias ? ", bias" : ", no bias")}" +
            (OutputStride != 0 ? $", into its slice of a {OutputStride}-channel concatenation" : string.Empty);
    }
}
