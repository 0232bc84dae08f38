namespace ConvGen.Generator.Model
{
    /// <summary>
    /// The geometry one emitted direct convolution computes, with padding and output size explicit. The forward
    /// pass uses the layer's own geometry; the gradient with respect to the input is the stride-1 correlation of
    /// the output gradient (zero-upsampled when the layer has stride 2) with the flipped, transposed kernel, padded
    /// by k − 1 − pad.
    /// </summary>
    internal sealed record ConvGeometry(
        int Height,
        int Width,
        int Channels,
        int Filters,
        int KernelSize,
        int Stride,
        int PadTop,
        int PadLeft,
        int OutputHeight,
        int OutputWidth,
        int Activation,
        bool UseBias,
        int OutputStride = 0,
        bool Residual = false)
    {
        public static ConvGeometry Forward(ConvModel c) =>
            new ConvGeometry(c.Height, c.Width, c.Channels, c.Filters, c.KernelSize, c.Stride, c.PadTop, c.PadLeft, c.OutputHeight, c.OutputWidth, c.Activation, c.UseBias, c.OutputPixelStride);

        /// <summary>The forward geometry with a residual added before <see cref="ConvModel.ResidualActivation"/>.</summary>
        public static ConvGeometry ForwardResidual(ConvModel c) =>
            Forward(c) with { Activation = c.ResidualActivation, Residual = true };

        /// <summary>Floats between consecutive output pixels.</summary>
        public int OutputPixelStride => OutputStride == 0 ? Filters : OutputStride;

        /// <summary>dX = correlate(upsample(dY), flip(W)ᵀ): input (OH−1)·s+1 × (OW−1)·s+1 × F, output H × W × C.</summary>
        public static ConvGeometry BackwardData(ConvModel c) =>
            new ConvGeometry(
                (c.OutputHeight - 1) * c.Stride + 1, (c.OutputWidth - 1) * c.Stride + 1, c.Filters, c.Channels, c.KernelSize, 1,
                c.KernelSize - 1 - c.PadTop, c.KernelSize - 1 - c.PadLeft, c.Height, c.Width, 0, false);

        public long WeightCount => (long)KernelSize * KernelSize * Channels * Filters;

        public string Describe() =>
            $"{Height}x{Width}x{Channels} -> {OutputHeight}x{OutputWidth}x{Filters}, {KernelSize}x{KernelSize} stride {Stride} pad {PadTop},{PadLeft}" +
            $"{ActivationNames.Suffix(Activation)}{(UseBias ? ", bias" : string.Empty)}";
    }
}
