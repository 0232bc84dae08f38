using System;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// How a stride-1 3×3 convolution runs as Winograd F(2×2, 3×3) for one vector width: the output is cut into 2×2
    /// tiles (4×4 input patches); the tiles of the whole batch are taken in bands that keep the transformed input
    /// <c>V[16][band][C]</c> and the products <c>M[16][band][K]</c> in L2; each band is an input transform, 16 matrix
    /// products <c>V[ξ]·U[ξ]</c> (a generated 1×1 kernel over the band's tiles, C → K) and an output transform that
    /// adds the bias and applies the activation. 16 multiplications per tile and channel pair instead of 36.
    /// </summary>
    internal sealed class WinogradPlan
    {
        /// <summary>Transformed products per tile: the 4×4 points ξ.</summary>
        public const int Points = 16;

        /// <summary>
        /// Tiles per call of the 1×1 product kernel (its "image"): a multiple of every tile width that kernel uses
        /// (4, 6, 8, 12 pixels), so no call ends in a partial register tile.
        /// </summary>
        public const int ChunkTiles = 24;

        /// <summary>Bytes of V and M per band at most: about half of the 1 MiB L2, leaving room for the packed U.</summary>
        public const int BandBytes = 512 * 1024;

        /// <summary>
        /// Bytes of V and dM per band of the weight gradient at most. Each band ends with every point's dU (padded
        /// channels × filters) read and written once, so its bands are longer than the forward pass's.
        /// </summary>
        public const int GradientBandBytes = 1536 * 1024;

        /// <summary>
        /// Winograd is chosen when its products (16 per tile) are at most this share of the direct convolution's
        /// (9 per output pixel, fewer at borders): small images waste part of their edge tiles, and the transforms
        /// cost a little, so a marginal saving is not worth the extra rounding.
        /// </summary>
        public const double MaxProductRatio = 0.75;

        /// <summary>
        /// The weight gradient's Winograd form is chosen below this share: its direct kernel is the most efficient of
        /// the three passes, and on 7×7 images (0.71) the transforms and the dU sums ate the whole saving (measured
        /// 1.03× at batch 64, against 1.39× on 14×14).
        /// </summary>
        public const double MaxGradientProductRatio = 0.6;

        private WinogradPlan(ConvModel conv, VectorIsa isa, int bandBytes)
        {
            Conv = conv;
            Isa = isa;
            TilesDown = (conv.OutputHeight + 1) / 2;
            TilesAcross = (conv.OutputWidth + 1) / 2;
            PaddedChannels = (conv.Channels + isa.Lanes - 1) / isa.Lanes * isa.Lanes;
            long bytesPerTile = (long)Points * (PaddedChannels + conv.Filters) * sizeof(float);
            long chunks = Math.Max(1, bandBytes / (bytesPerTile * ChunkTiles));
            long needed = ((long)TilesDown * TilesAcross + ChunkTiles - 1) / ChunkTiles;
            BandTiles = (int)Math.Min(chunks, Math.Max(needed, 1)) * ChunkTiles;
            Gemm = ConvPlan.Create(
                new ConvGeometry(1, ChunkTiles, PaddedChannels, conv.Filters, 1, 1, 0, 0, 1, ChunkTiles, ActivationNames.None, false),
                isa);
        }

        public ConvModel Conv { get; }

        /// <summary>
        /// The weight gradient's product: dU[ξ] += V[ξ]ᵀ · dM[ξ] over one band's tiles, a 1×1 weight-gradient kernel
        /// whose "image" is the band (tiles × padded channels in, tiles × filters of gradient).
        /// </summary>
        public ConvPlan GradientGemm => ConvPlan.Create(
            new ConvGeometry(1, BandTiles, PaddedChannels, Conv.Filters, 1, 1, 0, 0, 1, BandTiles, ActivationNames.None, false),
            Isa);

        /// <summary>Floats of dU, the weight gradient of all 16 points (padded channels × filters each).</summary>
        public int GradientULength => Points * PaddedChannels * Conv.Filters;

        public VectorIsa Isa { get; }

        public int TilesDown { get; }

        public int TilesAcross { get; }

        public int TilesPerImage => TilesDown * TilesAcross;

        /// <summary>Input channels rounded up to whole vectors: V's and U's channel count (the padding is zero).</summary>
        public int PaddedChannels { get; }

        /// <summary>Tiles per band: a multiple of <see cref="ChunkTiles"/>.</summary>
        public int BandTiles { get; }

        /// <summary>The 1×1 kernel that multiplies one point's V (tiles × padded channels) by its U.</summary>
        public ConvPlan Gemm { get; }

        /// <summary>Floats of one point's packed U.</summary>
        public int PointWeightLength => Gemm.PackedWeightLength;

        /// <summary>Floats of all 16 points' packed U.</summary>
        public int PackedWeightLength => Points * PointWeightLength;

        /// <summary>Floats of V for one band.</summary>
        public int TransformedInputLength => Points * BandTiles * PaddedChannels;

        /// <summary>Floats of M for one band, plus one vector so the last tile's last vector may be read whole.</summary>
        public int ProductLength => Points * BandTiles * Conv.Filters + Isa.Lanes;

        public int ScratchLength => TransformedInputLength + ProductLength;

        public static WinogradPlan Create(ConvModel conv, VectorIsa isa) => new WinogradPlan(conv, isa, BandBytes);

        /// <summary>The plan of the weight gradient: as the forward pass's, with bands of up to <see cref="GradientBandBytes"/>.</summary>
        public static WinogradPlan CreateGradient(ConvModel conv, VectorIsa isa) => new WinogradPlan(conv, isa, GradientBandBytes);

        /// <summary>
        /// Whether the forward pass of <paramref name="conv"/> is generated as Winograd F(2×2, 3×3): a regular stride-1
        /// 3×3 convolution with 8k channels in and out, at least 16 of each, not opted out, and enough saving.
        /// </summary>
        public static bool Applies(ConvModel conv) =>
            conv.WinogradAllowed && !conv.Depthwise && conv.KernelSize == 3 && conv.Stride == 1 &&
            conv.Channels >= 16 && conv.Filters >= 16 && conv.Channels % 8 == 0 && conv.Filters % 8 == 0 &&
            ProductRatio(conv) <= MaxProductRatio;

        /// <summary>Whether the weight gradient of <paramref name="conv"/> is generated as Winograd F(2×2, 3×3) too.</summary>
        public static bool AppliesToWeightGradient(ConvModel conv) => Applies(conv) && ProductRatio(conv) <= MaxGradientProductRatio;

        /// <summary>
        /// The convolution the input gradient of <paramref name="conv"/> is (filters → channels, 'same', no bias or
        /// activation) when that is computed with Winograd: a stride-1 'same' layer whose backward geometry qualifies.
        /// </summary>
        public static ConvModel? BackwardData(ConvModel conv)
        {
            if (!conv.WinogradAllowed || conv.Depthwise || conv.KernelSize != 3 || conv.Stride != 1 || !conv.Same)
            {
                return null;
            }

            var data = new ConvModel(conv.OutputHeight, conv.OutputWidth, conv.Filters, conv.Channels, 3, 1, 1, ActivationNames.None, false);
            return Applies(data) ? data : null;
        }

        /// <summary>Winograd's products (16 per 2×2 tile) over the direct convolution's (one per tap inside the input).</summary>
        public static double ProductRatio(ConvModel conv)
        {
            long rows = ValidTaps(conv.OutputHeight, conv.Height, conv.PadTop);
            long columns = ValidTaps(conv.OutputWidth, conv.Width, conv.PadLeft);
            long tiles = (long)((conv.OutputHeight + 1) / 2) * ((conv.OutputWidth + 1) / 2);
            return 16.0 * tiles / Math.Max(1, rows * columns);
        }

        // Σ over output positions of the kernel taps that fall inside the input, along one axis.
        private static long ValidTaps(int outputs, int size, int pad)
        {
            long total = 0;
            for (int o = 0; o < outputs; o++)
            {
                int first = o - pad;
                total += Math.Min(3, size - first) - Math.Max(0, -first);
            }

            return total;
        }
    }
}
