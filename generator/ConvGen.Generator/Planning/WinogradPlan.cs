using System;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// How a stride-1 3×3 convolution runs as Winograd F(m×m, 3×3) for one vector width, m = 2 or 4: the output is cut
    /// into m×m tiles ((m+2)×(m+2) input patches); the tiles of the whole batch are taken in bands that keep the
    /// transformed input <c>V[ξ][band][C]</c> and the products <c>M[ξ][band][K]</c> in L2; each band is an input
    /// transform, one matrix product <c>V[ξ]·U[ξ]</c> per point ξ (a generated 1×1 kernel over the band's tiles, C → K)
    /// and an output transform that adds the bias and applies the activation. F(2×2, 3×3) makes 16 multiplications
    /// per tile and channel pair instead of 36, F(4×4, 3×3) 36 instead of 144.
    /// </summary>
    internal sealed class WinogradPlan
    {

        /// <summary>
        /// Tiles per call of the 1×1 product kernel (its "image"): a multiple of every tile width that kernel uses
        /// (4, 6, 8, 12 pixels), so no call ends in a partial register tile.
        /// </summary>
        public const int ChunkTiles = 24;

        /// <summary>Bytes of V and M per band at most: about half of the 1 MiB L2, leaving room for the packed U.</summary>
        public const int BandBytes = 512 * 1024;

        /// <summary>
        /// Bytes of V and dM per band of the weight gradient at most: as the forward pass's, so a band stays in L2.
        /// Each band ends with every point's dU (padded channels × filters) read and written once; its bands are not
        /// limited to one image's tiles. (Bands of 0.4 to 6 MB, in chunks of 16 or 48 tiles, measured within this VM's
        /// noise of each other on the seed model's layers.)
        /// </summary>
        public const int GradientBandBytes = BandBytes;

        /// <summary>
        /// Tiles per "image" of the weight gradient's product kernel, which sums dU over its images: a band is run as
        /// whole chunks of 16 tiles, so a partly used last band computes at most 15 zero tiles.
        /// </summary>
        public const int GradientChunkTiles = 16;

        /// <summary>
        /// Winograd is chosen when its products ((m+2)² per tile) are at most this share of the direct convolution's
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

        private WinogradPlan(ConvModel conv, VectorIsa isa, bool gradient)
        {
            Conv = conv;
            Isa = isa;
            TileSize = TileSizeOf(conv);
            TilesDown = (conv.OutputHeight + TileSize - 1) / TileSize;
            TilesAcross = (conv.OutputWidth + TileSize - 1) / TileSize;
            PaddedChannels = (conv.Channels + isa.Lanes - 1) / isa.Lanes * isa.Lanes;
            long bytesPerTile = (long)Points * (PaddedChannels + conv.Filters) * sizeof(float);
            if (gradient)
            {
                BandTiles = (int)Math.Max(1, GradientBandBytes / (bytesPerTile * GradientChunkTiles)) * GradientChunkTiles;
            }
            else
            {
                long chunks = Math.Max(1, BandBytes / (bytesPerTile * ChunkTiles));
                long needed = ((long)TilesDown * TilesAcross + ChunkTiles - 1) / ChunkTiles;
                BandTiles = (int)Math.Min(chunks, Math.Max(needed, 1)) * ChunkTiles;
            }

            Gemm = ConvPlan.Create(
                new ConvGeometry(1, ChunkTiles, PaddedChannels, conv.Filters, 1, 1, 0, 0, 1, ChunkTiles, ActivationNames.None, false),
                isa);
        }

        public ConvModel Conv { get; }

        /// <summary>Winograd's products over the direct convolution's (<see cref="ProductRatioOf"/>).</summary>
        public double ProductRatio => ProductRatioOf(Conv);

        /// <summary>Output pixels along each side of a tile: 2 or 4.</summary>
        public int TileSize { get; }

        /// <summary>Input pixels along each side of a tile's patch, and points along each side of its transform: m + 2.</summary>
        public int Alpha => TileSize + 2;

        /// <summary>Transformed products per tile: the α×α points ξ (16 or 36).</summary>
        public int Points => Alpha * Alpha;

        /// <summary>
        /// The weight gradient's product: dU[ξ] += V[ξ]ᵀ · dM[ξ] over one band's tiles, a 1×1 weight-gradient kernel
        /// whose "images" are chunks of <see cref="GradientChunkTiles"/> tiles (tiles × padded channels in, tiles ×
        /// filters of gradient).
        /// </summary>
        public ConvPlan GradientGemm => ConvPlan.Create(
            new ConvGeometry(1, GradientChunkTiles, PaddedChannels, Conv.Filters, 1, 1, 0, 0, 1, GradientChunkTiles, ActivationNames.None, false),
            Isa);

        /// <summary>Floats of dU, the weight gradient of all points (padded channels × filters each).</summary>
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

        /// <summary>Floats of all points' packed U.</summary>
        public int PackedWeightLength => Points * PointWeightLength;

        /// <summary>Floats of V for one band.</summary>
        public int TransformedInputLength => Points * BandTiles * PaddedChannels;

        /// <summary>Floats of M for one band, plus one vector so the last tile's last vector may be read whole.</summary>
        public int ProductLength => Points * BandTiles * Conv.Filters + Isa.Lanes;

        public int ScratchLength => TransformedInputLength + ProductLength;

        public static WinogradPlan Create(ConvModel conv, VectorIsa isa) => new WinogradPlan(conv, isa, gradient: false);

        /// <summary>The plan of the weight gradient: as the forward pass's, with bands of up to <see cref="GradientBandBytes"/>.</summary>
        public static WinogradPlan CreateGradient(ConvModel conv, VectorIsa isa) => new WinogradPlan(conv, isa, gradient: true);

        /// <summary>
        /// Whether the forward pass of <paramref name="conv"/> is generated as Winograd F(2×2, 3×3): a regular stride-1
        /// 3×3 convolution with 8k channels in and out, at least 16 of each, not opted out, and enough saving.
        /// </summary>
        public static bool Applies(ConvModel conv) =>
            conv.WinogradAllowed && !conv.Depthwise && !conv.HasPads && conv.KernelSize == 3 && conv.Stride == 1 &&
            conv.Channels >= 16 && conv.Filters >= 16 && conv.Channels % 8 == 0 && conv.Filters % 8 == 0 &&
            ProductRatioOf(conv) <= MaxProductRatio;

        /// <summary>Whether the weight gradient of <paramref name="conv"/> is generated as Winograd F(2×2, 3×3) too.</summary>
        public static bool AppliesToWeightGradient(ConvModel conv) => Applies(conv) && ProductRatioOf(conv) <= MaxGradientProductRatio;

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

        /// <summary>
        /// The output tile size: 4 where F(4×4, 3×3)'s 36 products per 4×4 tile are clearly fewer than F(2×2, 3×3)'s
        /// 16 per 2×2 tile (7×7 outputs: 144 against 256; see <see cref="MaxTile4ProductShare"/>) and a whole 4×4 tile
        /// fits in the output, else 2.
        /// </summary>
        public static int TileSizeOf(ConvModel conv) =>
            conv.OutputHeight >= 4 && conv.OutputWidth >= 4 && Products(conv, 4) <= MaxTile4ProductShare * Products(conv, 2) ? 4 : 2;

        /// <summary>
        /// F(4×4, 3×3) is chosen when its products are at most this share of F(2×2, 3×3)'s: its transforms cost more
        /// per product, its per-point products are smaller matrices, and each point's dU is twice as many floats. Where
        /// the 4×4 tiles fit well (7×7, 8×8, 28×28, 56×56 outputs: 0.56) it measured 1.2–1.5× faster in every pass; on
        /// 14×14 (0.73: the tiles cover 16×16) the input and weight gradients of 32 → 64 channels measured slower.
        /// </summary>
        public const double MaxTile4ProductShare = 0.65;

        /// <summary>Winograd's products ((m+2)² per m×m tile) over the direct convolution's (one per tap inside the input).</summary>
        public static double ProductRatioOf(ConvModel conv)
        {
            long rows = ValidTaps(conv.OutputHeight, conv.Height, conv.PadTop);
            long columns = ValidTaps(conv.OutputWidth, conv.Width, conv.PadLeft);
            return (double)Products(conv, TileSizeOf(conv)) / Math.Max(1, rows * columns);
        }

        // Products per channel pair of F(m×m, 3×3) over one image.
        private static long Products(ConvModel conv, int m) =>
            (long)(m + 2) * (m + 2) * ((conv.OutputHeight + m - 1) / m) * ((conv.OutputWidth + m - 1) / m);

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
