using System;
using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// How one convolution is tiled for a given vector width: output channels in register blocks of whole vectors,
    /// output pixels of a row in tiles held in registers (about 12 accumulators), output rows grouped by which
    /// kernel rows fall inside the image, columns split into border pixels and an interior, and the reduction
    /// (taps × input channels) looped over chunks of input channels when a fully unrolled body would exceed the JIT budget.
    /// Everything here is a compile-time constant of the emitted kernel.
    /// </summary>
    internal sealed class ConvPlan
    {
        /// <summary>Output pixels per tile at most (more would make the broadcast loads the bottleneck).</summary>
        public const int MaxTilePixels = 12;

        /// <summary>
        /// FMA statements per unrolled tile body (a whole tile, or one iteration of its loop over chunks of input
        /// channels). About 40 bytes of IL each with their loads, so a method stays far inside RyuJIT's MinOpts
        /// thresholds (60,000 IL bytes, 20,000 instructions, 2,000 locals or basic blocks); and a body of 384 FMAs
        /// (a 3×3 tile of 24 accumulators: one channel's 216) keeps the loop's few instructions below 3 % of the
        /// body's while the generated source stays about half of what 768 made it.
        /// </summary>
        public const int FmaBudget = 384;

        /// <summary>
        /// FMA statements per unrolled loop body of a 1×1 tile (a pointwise layer, or a Winograd kernel's products): its
        /// reduction is one FMA per input channel and accumulator, so a body of 4 channels × 24 accumulators (8 × 12 at
        /// 256 bits) already holds 96 FMAs per iteration of its channel loop, against a handful of instructions of loop.
        /// </summary>
        public const int PointwiseFmaBudget = 128;

        /// <summary>
        /// FMA statements per iteration of a weight-gradient block's loop over an output row's columns at least (each
        /// column is one FMA per accumulator): beside 48 FMAs the loop's few instructions cost nothing, while a row of 49
        /// or 16 columns unrolled whole was up to 46 KB of source per block. See <see cref="WeightGradientColumnsPerIteration"/>.
        /// </summary>
        public const int WeightGradientIterationFmas = 48;

        /// <summary>
        /// Output columns per iteration of the column loop of a weight-gradient block of <paramref name="accumulators"/>
        /// accumulators: enough for <see cref="WeightGradientIterationFmas"/> FMAs, 2 to 4 (a block of few accumulators
        /// is bound by their FMAs' latency, which more columns per iteration would not hide). A row of fewer than twice
        /// as many columns is unrolled whole; otherwise the row's last columns (fewer than one iteration's) follow the loop unrolled.
        /// </summary>
        public static int WeightGradientColumnsPerIteration(int accumulators) =>
            Math.Max(2, Math.Min(4, (WeightGradientIterationFmas + accumulators - 1) / Math.Max(1, accumulators)));

        /// <summary>FMA statements a tile's unrolled body holds at most: <see cref="PointwiseFmaBudget"/> for 1×1 tiles, else <see cref="FmaBudget"/>.</summary>
        public int Budget { get; }

        private ConvPlan(ConvGeometry conv, VectorIsa isa, int accumulators)
        {
            int lanes = isa.Lanes;
            Conv = conv;
            Lanes = lanes;
            Accumulators = accumulators;

            // A 1x1 stride-1 convolution without padding has no borders: its H·W pixels are re-cut into rows of a
            // length that keeps one row's input (read once per block of filters) within L2-friendly reach.
            Flattened = conv.KernelSize == 1 && conv.Stride == 1 && conv.PadTop == 0 && conv.PadLeft == 0 &&
                conv.OutputHeight == conv.Height && conv.OutputWidth == conv.Width;
            int rowPixels = Flattened ? FlatRowLength(conv.Height * conv.Width, conv.Channels) : conv.Width;
            InH = Flattened ? conv.Height * conv.Width / rowPixels : conv.Height;
            InW = rowPixels;
            OutH = Flattened ? InH : conv.OutputHeight;
            OutW = Flattened ? rowPixels : conv.OutputWidth;
            PadTop = Flattened ? 0 : conv.PadTop;
            PadLeft = Flattened ? 0 : conv.PadLeft;

            Vectors = (conv.Filters + lanes - 1) / lanes;
            TailLanes = conv.Filters % lanes;
            Blocks = ChooseBlocks(conv.Filters, Vectors, lanes, conv.KernelSize * conv.KernelSize * conv.Channels, accumulators);
            BlockWidth = Blocks[0].Vectors * lanes;
            Rows = GroupRows();
            Columns = GroupColumns();

            int maxAccumulators = 0;
            foreach (BlockKind block in Blocks)
            {
                maxAccumulators = Math.Max(maxAccumulators, block.Pixels * block.Vectors);
            }

            FusedFmas = (long)conv.KernelSize * conv.KernelSize * conv.Channels * maxAccumulators;
            Budget = conv.KernelSize == 1 ? PointwiseFmaBudget : FmaBudget;
            Looped = FusedFmas > Budget;
            if (Looped)
            {
                // Channels per unrolled chunk: the most the budget allows, or a divisor of the channels close to it
                // (then the loop has no remainder); otherwise half of it, so the loop body and the remainder's
                // straight-line code together stay within the budget.
                int most = (int)Math.Max(1, Budget / ((long)conv.KernelSize * conv.KernelSize * maxAccumulators));
                int chunk = most;
                while (conv.Channels % chunk != 0)
                {
                    chunk--;
                }

                ChunkChannels = 2 * chunk >= most ? chunk : Math.Max(1, most / 2);
                FullChunks = conv.Channels / ChunkChannels;
                LastChunkChannels = conv.Channels % ChunkChannels;
            }
            else
            {
                ChunkChannels = conv.Channels;
                FullChunks = 1;
            }
        }

        public ConvGeometry Conv { get; }

        /// <summary>
        /// Whether a flattened 1x1 row is walked tile by tile, each tile through every block of output channels
        /// (rather than block by block along the row): when there is more than one block and every kind of block
        /// tiles the same number of pixels.
        /// </summary>
        public bool PixelsOuter => Flattened && OneTileSize;

        /// <summary>Whether there is more than one block of output channels and every kind of block tiles the same number of pixels.</summary>
        public bool OneTileSize
        {
            get
            {
                int blocks = 0;
                foreach (BlockKind block in Blocks)
                {
                    blocks += block.Count;
                    if (block.Pixels != Blocks[0].Pixels)
                    {
                        return false;
                    }
                }

                return blocks > 1;
            }
        }

        /// <summary>Images of at least this many floats (1 MB, an L2) get their next rows prefetched; smaller ones stay cached.</summary>
        public const long PrefetchImageFloats = 1L << 18;

        /// <summary>Whether a flattened 1x1 row asks for the next row's input and output ahead (an input image of at least <see cref="PrefetchImageFloats"/>).</summary>
        public bool PrefetchesRows => Flattened && (long)Conv.Height * Conv.Width * Conv.Channels >= PrefetchImageFloats;

        /// <summary>
        /// Whether that prefetch is asked for tile by tile in the row's one tile loop (pixels outer, or a single block of
        /// output channels) rather than for the whole next row at the row's start.
        /// </summary>
        public bool PrefetchesTiles
        {
            get
            {
                if (!PrefetchesRows || OutW / Blocks[0].Pixels < 2)
                {
                    return false;
                }

                return PixelsOuter || (Blocks.Count == 1 && Blocks[0].Count == 1);
            }
        }

        /// <summary>
        /// Whether the kernel is generic over how it stores (<c>IOutputStore</c>) and runs through <c>OutputStreaming</c>,
        /// which streams the output past the caches when it is aligned: an output image of at least
        /// <see cref="PrefetchImageFloats"/> (its reader comes back to it only after the whole batch), every stored vector
        /// a whole one at a multiple of the vector width from the output's start. Not a kernel with a fused residual
        /// (its <c>Run</c> takes the residual too).
        /// </summary>
        public bool StreamsOutput => StreamsOutputOf(Conv, Lanes);

        private static bool StreamsOutputOf(ConvGeometry conv, int lanes) =>
            !conv.Residual && (long)conv.OutputHeight * conv.OutputWidth * conv.OutputPixelStride >= PrefetchImageFloats &&
            conv.Filters % lanes == 0 && conv.OutputPixelStride % lanes == 0;

        public int Lanes { get; }

        public bool Flattened { get; }

        public int InH { get; }

        public int InW { get; }

        public int OutH { get; }

        public int OutW { get; }

        public int PadTop { get; }

        public int PadLeft { get; }

        public int Vectors { get; }

        public int TailLanes { get; }

        /// <summary>Output channels per full register block: the packed weights' block width.</summary>
        public int BlockWidth { get; }

        public IReadOnlyList<BlockKind> Blocks { get; }

        public IReadOnlyList<RowClass> Rows { get; }

        public IReadOnlyList<ColumnRun> Columns { get; }

        /// <summary>FMAs in a fully unrolled body for the largest tile: taps × channels × accumulators.</summary>
        public long FusedFmas { get; }

        /// <summary>
        /// Whether a tile's reduction loops over chunks of <see cref="ChunkChannels"/> input channels (all taps unrolled
        /// in each), the accumulators staying in registers, because one fully unrolled body would exceed the budget.
        /// </summary>
        public bool Looped { get; }

        /// <summary>Input channels per unrolled chunk of the reduction (all of them when not <see cref="Looped"/>).</summary>
        public int ChunkChannels { get; }

        /// <summary>Whole chunks of <see cref="ChunkChannels"/> channels.</summary>
        public int FullChunks { get; }

        /// <summary>Channels after the whole chunks, reduced in straight-line code after the loop.</summary>
        public int LastChunkChannels { get; }

        public int PackedWeightLength
        {
            get
            {
                int total = 0;
                foreach (BlockKind block in Blocks)
                {
                    total += block.Count * block.WeightLength;
                }

                return total;
            }
        }

        public static ConvPlan Create(ConvGeometry conv, VectorIsa isa) => new ConvPlan(conv, isa, isa.Accumulators);

        public static ConvPlan Create(ConvModel conv, VectorIsa isa) => new ConvPlan(ConvGeometry.Forward(conv), isa, isa.Accumulators);

        /// <summary>A depthwise kernel's plan: tiles of at most <see cref="VectorIsa.DepthwiseAccumulators"/> accumulators.</summary>
        public static ConvPlan CreateDepthwise(ConvGeometry conv, VectorIsa isa) => new ConvPlan(conv, isa, isa.DepthwiseAccumulators);

        /// <summary>Accumulator registers a tile may use (12 of 16 YMM; 24 of 32 ZMM; 12 for depthwise tiles).</summary>
        public int Accumulators { get; }

        /// <summary>What the Info diagnostic says when the kernel is not one fully unrolled body per tile.</summary>
        public string DescribeSegmentation()
        {
            int taps = Conv.KernelSize * Conv.KernelSize;
            string rest = LastChunkChannels > 0 ? $", then {LastChunkChannels} more unrolled after the loop" : string.Empty;
            return $"a loop over {FullChunks} chunk(s) of {ChunkChannels} input channel(s) x {taps} tap(s), unrolled in each{rest}, the accumulators in registers";
        }

        /// <summary>
        /// FMA statements the looped cold code (see <see cref="LoopsCold"/>) unrolls per iteration at most: the input
        /// channels are unrolled in chunks within it, the accumulators in registers.
        /// </summary>
        public const int ColdFmaBudget = 64;

        /// <summary>Whether output rows of <paramref name="row"/> use every kernel row (the hot rows, tiled in unrolled code).</summary>
        public bool IsFullRow(RowClass row) => row.KyLo == 0 && row.KyHi == Conv.KernelSize;

        /// <summary>
        /// Whether everything but the whole interior tiles of the rows that use every kernel row (the hot code, one
        /// unrolled method) runs shared code with its taps' bounds passed at run time: the tiles of rows crossing the top
        /// or bottom edge and the shorter tile that ends each row's interior run one strip method per tile length, looped
        /// over kernel rows (each row's taps unrolled); the border pixels one pixel method, looped over kernel rows and
        /// columns. Not their own unrolled method per (kernel rows, kernel columns) range: on the seed's first
        /// convolution (28x28x1 -> 32, 3x3) those were 57 of its 98 KB of inference code for 2 rows and 2 columns of 28
        /// (and the 2-pixel rest of 26 interior columns), and looped they ran as fast (an interleaved A/B of the two
        /// generated kernels, batch 64: 0.4 % faster at 512 bits, 2 % slower at 256, within the noise). A 1x1 kernel
        /// has no borders and no taps to loop: its tiles stay unrolled.
        /// </summary>
        public bool LoopsCold => Conv.KernelSize > 1;

        /// <summary>
        /// Whether output rows of <paramref name="row"/> (some but not all kernel rows inside the input) run the one row
        /// method the edge rows share, their kernel rows passed at run time: when the cold code loops and every border
        /// pixel has a kernel column inside the input (its looped code then needs nothing of the row but its kernel rows).
        /// </summary>
        public bool SharesEdgeRow(RowClass row)
        {
            if (!LoopsCold || Flattened || row.KyHi <= row.KyLo || IsFullRow(row))
            {
                return false;
            }

            foreach (ColumnRun run in Columns)
            {
                if (run.KxHi <= run.KxLo)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// How looped cold code cuts the input channels: chunks of <c>Chunk</c> channels (each channel
        /// <paramref name="fmasPerChannel"/> FMAs) unrolled within <see cref="ColdFmaBudget"/>, <c>Full</c> of them in a
        /// loop, then <c>Last</c> channels in straight-line code.
        /// </summary>
        public (int Chunk, int Full, int Last) ColdChunks(long fmasPerChannel) => Chunks(Conv.Channels, fmasPerChannel, ColdFmaBudget);

        /// <summary>
        /// Chunks of <paramref name="channels"/> within <paramref name="budget"/> FMAs: the most the budget allows, or a
        /// divisor of the channels close to it (then no remainder); otherwise half of it, so the loop body and the
        /// remainder's straight-line code together stay within the budget.
        /// </summary>
        public static (int Chunk, int Full, int Last) Chunks(int channels, long fmasPerChannel, int budget)
        {
            int most = (int)Math.Max(1, Math.Min(channels, budget / Math.Max(1, fmasPerChannel)));
            int chunk = most;
            while (channels % chunk != 0)
            {
                chunk--;
            }

            chunk = 2 * chunk >= most ? chunk : Math.Max(1, most / 2);
            return (chunk, channels / chunk, channels % chunk);
        }

        /// <summary>Input floats of one flattened row at most: the row is re-read once per block of filters.</summary>
        public const int FlatRowFloats = 16384;

        // The longest divisor of the pixel count whose row of input stays within FlatRowFloats (at least one
        // full tile of pixels); the whole image when it fits, and when nothing divides well.
        private static int FlatRowLength(int pixels, int channels)
        {
            if ((long)pixels * channels <= FlatRowFloats)
            {
                return pixels;
            }

            for (int r = FlatRowFloats / channels; r >= MaxTilePixels; r--)
            {
                if (pixels % r == 0)
                {
                    return r;
                }
            }

            return pixels;
        }

        private static BlockKind[] ChooseBlocks(int filters, int vectors, int lanes, int reduction, int accumulators)
        {
            int perBlock = vectors <= 3 ? vectors : accumulators >= 24 && vectors % 4 == 0 ? 4 : vectors % 3 == 0 ? 3 : vectors % 2 == 0 ? 2 : 3;
            int full = vectors / perBlock;
            int rest = vectors % perBlock;
            var kinds = new List<BlockKind>();
            int tailLanes = filters % lanes;
            if (rest > 0)
            {
                kinds.Add(new BlockKind(perBlock, full, 0, 0, lanes, reduction, accumulators));
                kinds.Add(new BlockKind(rest, 1, full * perBlock * lanes, tailLanes, lanes, reduction, accumulators));
            }
            else if (tailLanes > 0 && full > 1)
            {
                // Only the last block stores a partial vector: it gets methods of its own.
                kinds.Add(new BlockKind(perBlock, full - 1, 0, 0, lanes, reduction, accumulators));
                kinds.Add(new BlockKind(perBlock, 1, (full - 1) * perBlock * lanes, tailLanes, lanes, reduction, accumulators));
            }
            else
            {
                kinds.Add(new BlockKind(perBlock, full, 0, tailLanes, lanes, reduction, accumulators));
            }

            int offset = 0;
            foreach (BlockKind kind in kinds)
            {
                kind.WeightOffset = offset;
                offset += kind.Count * kind.WeightLength;
            }

            return kinds.ToArray();
        }

        private RowClass[] GroupRows()
        {
            var rows = new List<RowClass>();
            int k = Conv.KernelSize, s = Conv.Stride;
            for (int oy = 0; oy < OutH; oy++)
            {
                int iy0 = oy * s - PadTop;
                int lo = Math.Max(0, -iy0), hi = Math.Min(k, InH - iy0);
                if (rows.Count > 0 && rows[rows.Count - 1].KyLo == lo && rows[rows.Count - 1].KyHi == hi && rows[rows.Count - 1].End == oy)
                {
                    rows[rows.Count - 1] = rows[rows.Count - 1].Extend();
                }
                else
                {
                    rows.Add(new RowClass(oy, oy + 1, lo, hi));
                }
            }

            return rows.ToArray();
        }

        private ColumnRun[] GroupColumns()
        {
            var runs = new List<ColumnRun>();
            int k = Conv.KernelSize, s = Conv.Stride;
            for (int ox = 0; ox < OutW; ox++)
            {
                int ix0 = ox * s - PadLeft;
                int lo = Math.Max(0, -ix0), hi = Math.Min(k, InW - ix0);
                bool interior = lo == 0 && hi == k;
                if (interior && runs.Count > 0 && runs[runs.Count - 1].Interior && runs[runs.Count - 1].End == ox)
                {
                    runs[runs.Count - 1] = runs[runs.Count - 1].Extend();
                }
                else
                {
                    runs.Add(new ColumnRun(ox, ox + 1, lo, hi, interior));
                }
            }

            return runs.ToArray();
        }
    }

    /// <summary>
    /// A kind of output-channel register block: <see cref="Count"/> blocks of <see cref="Vectors"/> vectors, tiles of
    /// <see cref="Pixels"/> output pixels; <see cref="TailLanes"/> &gt; 0 when its last vector is partly past the filters.
    /// </summary>
    internal sealed class BlockKind
    {
        public BlockKind(int vectors, int count, int firstChannel, int tailLanes, int lanes, int reduction, int accumulators)
        {
            Vectors = vectors;
            Count = count;
            FirstChannel = firstChannel;
            TailLanes = tailLanes;
            Width = vectors * lanes;
            Pixels = System.Math.Min(accumulators / vectors, ConvPlan.MaxTilePixels);
            WeightLength = reduction * Width;
        }

        public int Vectors { get; }

        public int Count { get; }

        public int FirstChannel { get; }

        public int TailLanes { get; }

        public int Width { get; }

        public int Pixels { get; }

        /// <summary>Packed floats of one block: taps × input channels × width.</summary>
        public int WeightLength { get; }

        public int WeightOffset { get; set; }
    }

    /// <summary>Output rows [Start, End) whose valid kernel rows are [KyLo, KyHi).</summary>
    internal readonly struct RowClass
    {
        public RowClass(int start, int end, int kyLo, int kyHi)
        {
            Start = start;
            End = end;
            KyLo = kyLo;
            KyHi = kyHi;
        }

        public int Start { get; }

        public int End { get; }

        public int KyLo { get; }

        public int KyHi { get; }

        public RowClass Extend() => new RowClass(Start, End + 1, KyLo, KyHi);
    }

    /// <summary>Output columns [Start, End) with valid kernel columns [KxLo, KxHi); interior runs are tiled.</summary>
    internal readonly struct ColumnRun
    {
        public ColumnRun(int start, int end, int kxLo, int kxHi, bool interior)
        {
            Start = start;
            End = end;
            KxLo = kxLo;
            KxHi = kxHi;
            Interior = interior;
        }

        public int Start { get; }

        public int End { get; }

        public int KxLo { get; }

        public int KxHi { get; }

        public bool Interior { get; }

        public ColumnRun Extend() => new ColumnRun(Start, End + 1, KxLo, KxHi, Interior);
    }
}
