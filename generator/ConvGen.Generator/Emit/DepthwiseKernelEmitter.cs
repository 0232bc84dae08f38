using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The depthwise family (<c>f32-dwconv</c>): each channel filtered by its own 3×3 kernel. Channels map to vector
    /// lanes; a tile of output pixels × a block of channel vectors is held in registers while the taps (all unrolled)
    /// multiply input vectors by weight vectors. The input gradient is the same template on the backward geometry
    /// with the kernel flipped; the weight gradient (<c>f32-dwconv-dw</c>) sums x·g per tap over the pixels.
    /// </summary>
    internal static class DepthwiseKernelEmitter
    {
        /// <summary>Writes one width's forward (or input-gradient) class: rows by valid kernel rows, border pixels and interior tiles.</summary>
        public static void EmitDirect(SourceWriter w, ConvPlan plan, VectorIsa isa, int row, string className, string description, string family) =>
            new DirectWriter(w, plan, isa, row, className, description, family).Emit();

        /// <summary>Writes one width's weight-gradient class.</summary>
        public static void EmitWeightGradient(SourceWriter w, ConvPlan plan, VectorIsa isa, string description) =>
            new WeightGradientWriter(w, plan, isa, description).Emit();

        private static string Range(string axis, int lo, int hi) => hi > lo ? $"{axis}{lo}to{hi - 1}" : axis + "None";

        private static string Offset(string baseExpr, long offset) =>
            offset == 0 ? baseExpr : offset > 0 ? $"{baseExpr} + {offset}" : $"{baseExpr} - {-offset}";

        /// <summary>The forward (and input-gradient) kernel: rows by valid kernel rows, border pixels and interior tiles.</summary>
        private sealed class DirectWriter
        {
            private readonly SourceWriter _w;
            private readonly ConvPlan _plan;
            private readonly VectorIsa _isa;
            private readonly int _row;
            private readonly string _className;
            private readonly string _description;
            private readonly string _family;
            private readonly ConvGeometry _c;
            private readonly SortedDictionary<string, Action> _methods = new SortedDictionary<string, Action>(StringComparer.Ordinal);
            private readonly OutputStoreCode _stores;

            public DirectWriter(SourceWriter w, ConvPlan plan, VectorIsa isa, int row, string className, string description, string family)
            {
                _w = w;
                _plan = plan;
                _isa = isa;
                _row = row;
                _className = className;
                _description = description;
                _family = family;
                _c = plan.Conv;
                _stores = new OutputStoreCode(plan.StreamsOutput);
            }

            private string BiasParam => _c.UseBias ? "ref float b, " : string.Empty;

            public void Emit()
            {
                BlockKind main = _plan.Blocks[0];
                _w.Line("/// <summary>");
                _w.Line($"/// {_family}-{_c.KernelSize}x{_c.KernelSize}s{_c.Stride}p{_c.PadTop}-{main.Pixels}x{main.Width}-{_isa.Suffix}: {CSharpText.Xml(_description)}.");
                _w.Line($"/// Tiles of {main.Pixels} output pixels x {main.Width} channels in {main.Pixels * main.Vectors} {_isa.Vector} accumulators; all taps unrolled.");
                _stores.EmitSummaryLine(_w);
                _w.Line("/// </summary>");
                _stores.OpenClass(_w, _className, _isa, (long)_c.Height * _c.Width * _c.Channels, (long)_c.OutputHeight * _c.OutputWidth * _c.Filters);
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"public static void Run{_stores.TypeParameter}(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch){_stores.Constraint}");
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                _w.Line("ref float w = ref MemoryMarshal.GetReference(packedWeights);");
                if (_c.UseBias)
                {
                    _w.Line("ref float b = ref MemoryMarshal.GetReference(bias);");
                }

                _w.Line("ref float o = ref MemoryMarshal.GetReference(output);");
                _w.Open("for (int n = 0; n < batch; n++)");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float oi = ref Unsafe.Add(ref o, (nint)n * OutputImageLength);");
                string args = $"ref xi, ref w, {(_c.UseBias ? "ref b, " : string.Empty)}ref oi";
                for (int r = 0; r < _plan.Rows.Count; r++)
                {
                    RowClass row = _plan.Rows[r];
                    if (row.End - row.Start == 1)
                    {
                        _w.Line($"Row{r}{_stores.TypeParameter}({args}, {row.Start});");
                    }
                    else
                    {
                        _w.Open($"for (int oy = {row.Start}; oy < {row.End}; oy++)");
                        _w.Line($"Row{r}{_stores.TypeParameter}({args}, oy);");
                        _w.Close();
                    }
                }

                _w.Close();
                _w.Close();
                for (int r = 0; r < _plan.Rows.Count; r++)
                {
                    _w.Line();
                    EmitRow(r);
                }

                foreach (KeyValuePair<string, Action> method in _methods)
                {
                    _w.Line();
                    method.Value();
                }

                _w.Close();
            }

            private void EmitRow(int r)
            {
                RowClass row = _plan.Rows[r];
                int cin = _c.Channels;
                _w.Line(row.KyHi > row.KyLo
                    ? $"// Output rows {row.Start}..{row.End - 1}: kernel rows {row.KyLo}..{row.KyHi - 1} fall inside the input."
                    : $"// Output rows {row.Start}..{row.End - 1}: no kernel row falls inside the input.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void Row{r}{_stores.TypeParameter}(ref float x, ref float w, {BiasParam}ref float o, int oy){_stores.Constraint}");
                string firstRow = (_c.Stride == 1 ? "oy" : $"oy * {_c.Stride}") + (_plan.PadTop > 0 ? $" - {_plan.PadTop}" : string.Empty);
                _w.Line($"nint xRow = (nint){(firstRow == "oy" ? "oy" : $"({firstRow})")} * {_plan.InW * cin};");
                _w.Line($"nint oRow = (nint)oy * {_plan.OutW * _c.Filters};");
                long rowFloats = (long)_plan.InW * cin;
                if (_stores.Streams)
                {
                    _w.Open("if (TStore.Streams)");
                    _w.Line($"// The new input row(s) of the output row {StreamingPrefetchRows} ahead, asked for now so they arrive in time; the output goes past the caches.");
                    _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref x, xRow + {(_c.KernelSize + (StreamingPrefetchRows - 1) * _c.Stride) * rowFloats}, {_c.Stride * rowFloats}, InputImageLength);");
                    _w.Close();
                    _w.Open("else");
                    EmitCachedPrefetch(rowFloats);
                    _w.Close();
                }
                else if ((long)_c.Height * rowFloats >= ConvPlan.PrefetchImageFloats)
                {
                    EmitCachedPrefetch(rowFloats);
                }

                if (PixelsOuter)
                {
                    // Each tile of pixels through every block of channels before the next tile: the input rows and the
                    // output row are walked once, front to back, instead of once per block of channels.
                    foreach (ColumnRun run in _plan.Columns)
                    {
                        EmitRun(run, row, _plan.Blocks[0].Pixels, (pixels, ox, oxVariable, kxLo, kxHi) =>
                        {
                            foreach (BlockKind block in _plan.Blocks)
                            {
                                OpenBlock(block);
                                EmitTile(block, row, kxLo, kxHi, pixels, ox, oxVariable);
                                _w.Close();
                            }
                        });
                    }
                }
                else
                {
                    foreach (BlockKind block in _plan.Blocks)
                    {
                        OpenBlock(block);
                        foreach (ColumnRun run in _plan.Columns)
                        {
                            EmitRun(run, row, block.Pixels, (pixels, ox, oxVariable, kxLo, kxHi) => EmitTile(block, row, kxLo, kxHi, pixels, ox, oxVariable));
                        }

                        _w.Close();
                    }
                }

                _w.Close();
            }

            // Whether a row is walked tile by tile through every block of channels: more than one block, one tile size.
            private bool PixelsOuter => _plan.OneTileSize;

            // How many output rows ahead a streaming kernel prefetches its input: it has no output to fetch, and its
            // input then arrives from memory early enough (one row ahead left it waiting).
            private const int StreamingPrefetchRows = 3;

            private void EmitCachedPrefetch(long rowFloats)
            {
                _w.Line("// The next output row's new input row(s) and its output row, asked for now so they arrive while this row computes.");
                _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref x, xRow + {_c.KernelSize * rowFloats}, {_c.Stride * rowFloats}, InputImageLength);");
                _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref o, oRow + {(long)_plan.OutW * _c.Filters}, {(long)_plan.OutW * _c.Filters}, OutputImageLength);");
            }

            private delegate void TileEmitter(int pixels, int ox, string? oxVariable, int kxLo, int kxHi);

            // Opens the loop (or scope) over a kind's blocks of channels, with their first channel, weights and bias.
            private void OpenBlock(BlockKind block)
            {
                _w.Line($"// {block.Count} block(s) of {block.Width} channels from channel {block.FirstChannel}{(block.TailLanes > 0 ? $", the last vector {block.TailLanes} of {_isa.Lanes} lanes" : string.Empty)}.");
                if (block.Count > 1)
                {
                    _w.Open($"for (int blk = 0; blk < {block.Count}; blk++)");
                    _w.Line($"int c0 = {(block.FirstChannel == 0 ? string.Empty : block.FirstChannel + " + ")}blk * {block.Width};");
                }
                else
                {
                    _w.Block();
                    _w.Line($"int c0 = {block.FirstChannel};");
                }

                _w.Line("ref float wb = ref Unsafe.Add(ref w, c0);");
                if (_c.UseBias)
                {
                    _w.Line("ref float bb = ref Unsafe.Add(ref b, c0);");
                }
            }

            // One run of columns: border pixels one at a time, the interior in tiles of the given size.
            private void EmitRun(ColumnRun run, RowClass row, int tilePixels, TileEmitter tile)
            {
                if (!run.Interior)
                {
                    for (int ox = run.Start; ox < run.End; ox++)
                    {
                        tile(1, ox, null, run.KxLo, run.KxHi);
                    }

                    return;
                }

                int length = run.End - run.Start;
                int tiles = length / tilePixels, rest = length % tilePixels;
                if (tiles == 1)
                {
                    tile(tilePixels, run.Start, null, 0, _c.KernelSize);
                }
                else if (tiles > 1)
                {
                    _w.Open($"for (int ox = {run.Start}; ox < {run.Start + tiles * tilePixels}; ox += {tilePixels})");
                    tile(tilePixels, 0, "ox", 0, _c.KernelSize);
                    _w.Close();
                }

                if (rest > 0)
                {
                    tile(rest, run.Start + tiles * tilePixels, null, 0, _c.KernelSize);
                }
            }

            private void EmitTile(BlockKind block, RowClass row, int kxLo, int kxHi, int pixels, int ox, string? oxVariable)
            {
                int cin = _c.Channels;
                long origin = ((long)row.KyLo * _plan.InW + kxLo) * cin;
                string xIndex = oxVariable is null
                    ? Offset("xRow + c0", (long)(ox * _c.Stride - _plan.PadLeft) * cin + origin)
                    : Offset($"xRow + c0 + {oxVariable} * {_c.Stride * cin}", origin - (long)_plan.PadLeft * cin);
                string oIndex = oxVariable is null ? Offset("oRow + c0", (long)ox * _c.Filters) : $"oRow + c0 + {oxVariable} * {_c.Filters}";
                // Tiles whose every tap falls inside the input are unrolled; a border tile (some kernel rows or columns
                // in the padding: the first and last rows and columns) is one method per tile size whose taps are a loop
                // over the kernel rows and columns inside, given as arguments.
                bool border = row.KyLo > 0 || row.KyHi < _c.KernelSize || kxLo > 0 || kxHi < _c.KernelSize;
                string tile = $"Tile{pixels}x{block.Vectors}{(block.TailLanes > 0 ? "Tail" + block.TailLanes.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
                string name = border ? tile + "Border" : $"{tile}_{Range("Ky", row.KyLo, row.KyHi)}_{Range("Kx", kxLo, kxHi)}";
                string bounds = border ? $", {row.KyLo}, {row.KyHi}, {kxLo}, {kxHi}" : string.Empty;
                _w.Line($"{name}{_stores.TypeParameter}(ref Unsafe.Add(ref x, {xIndex}), ref wb, {(_c.UseBias ? "ref bb, " : string.Empty)}ref Unsafe.Add(ref o, {oIndex}){bounds});");
                if (!_methods.ContainsKey(name))
                {
                    _methods.Add(name, border
                        ? () => EmitBorderTileMethod(name, block, pixels)
                        : () => EmitTileMethod(name, block, pixels, row.KyLo, row.KyHi, kxLo, kxHi));
                }
            }

            private void EmitTileMethod(string name, BlockKind block, int pixels, int kyLo, int kyHi, int kxLo, int kxHi)
            {
                _w.Line($"// {pixels} pixel(s) x {block.Width} channels; taps ky {kyLo}..{kyHi - 1} x kx {kxLo}..{kxHi - 1}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}{_stores.TypeParameter}(ref float x, ref float w, {BiasParam}ref float o){_stores.Constraint}");
                EmitAccumulators(block, pixels);
                var weights = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    weights.Add($"w{v}");
                }

                if (kyHi > kyLo && kxHi > kxLo)
                {
                    _w.Line($"{_isa.VectorOfFloat} {string.Join(", ", weights)};");
                }

                for (int ky = kyLo; ky < kyHi; ky++)
                {
                    for (int kx = kxLo; kx < kxHi; kx++)
                    {
                        _w.Line($"// Tap ({ky}, {kx}).");
                        EmitTap(block, pixels, "w", (long)(ky * _c.KernelSize + kx) * _row, "x", ((long)(ky - kyLo) * _plan.InW + (kx - kxLo)) * _c.Channels);
                    }
                }

                EmitStores(block, pixels);
                _w.Close();
            }

            // A tile with kernel rows kyLo..kyHi-1 and columns kxLo..kxHi-1 inside the input (x is the input pixel of the
            // first pixel's tap (kyLo, kxLo)): the taps a loop, each unrolled over the tile's pixels and vectors.
            private void EmitBorderTileMethod(string name, BlockKind block, int pixels)
            {
                _w.Line($"// {pixels} pixel(s) x {block.Width} channels at the border: taps ky kyLo..kyHi-1 x kx kxLo..kxHi-1 (those inside the input), looped.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}{_stores.TypeParameter}(ref float x, ref float w, {BiasParam}ref float o, int kyLo, int kyHi, int kxLo, int kxHi){_stores.Constraint}");
                EmitAccumulators(block, pixels);
                var weights = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    weights.Add($"w{v}");
                }

                _w.Line($"{_isa.VectorOfFloat} {string.Join(", ", weights)};");
                _w.Open("for (int ky = kyLo; ky < kyHi; ky++)");
                _w.Open("for (int kx = kxLo; kx < kxHi; kx++)");
                _w.Line($"ref float xt = ref Unsafe.Add(ref x, ((nint)(ky - kyLo) * {_plan.InW} + (kx - kxLo)) * {_c.Channels});");
                _w.Line($"ref float wt = ref Unsafe.Add(ref w, (nint)(ky * {_c.KernelSize} + kx) * {_row});");
                EmitTap(block, pixels, "wt", 0, "xt", 0);
                _w.Close();
                _w.Close();
                EmitStores(block, pixels);
                _w.Close();
            }

            // The tile's accumulators, each starting at its channels' bias (or zero).
            private void EmitAccumulators(BlockKind block, int pixels)
            {
                string vf = _isa.VectorOfFloat;
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"{vf} b{v} = {(_c.UseBias ? VectorCode.Load(_isa, block, v, "b", (long)v * _isa.Lanes) : vf + ".Zero")};");
                }

                for (int p = 0; p < pixels; p++)
                {
                    var parts = new List<string>();
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        parts.Add($"a{p}_{v} = b{v}");
                    }

                    _w.Line($"{vf} {string.Join(", ", parts)};");
                }
            }

            // One tap: its weight vectors at w + wOffset, times each pixel's input vectors from x + xOffset.
            private void EmitTap(BlockKind block, int pixels, string w, long wOffset, string x, long xOffset)
            {
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"w{v} = {_isa.Vector}.LoadUnsafe(ref {w}, {wOffset + (long)v * _isa.Lanes});");
                }

                for (int p = 0; p < pixels; p++)
                {
                    var line = new StringBuilder();
                    long pixel = xOffset + (long)p * _c.Stride * _c.Channels;
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        line.Append($"{(v > 0 ? " " : string.Empty)}a{p}_{v} = {_isa.Fma}({VectorCode.Load(_isa, block, v, x, pixel + v * _isa.Lanes)}, w{v}, a{p}_{v});");
                    }

                    _w.Line(line.ToString());
                }
            }

            // The tile's accumulators through the activation into the output (the partial last vector lane by lane).
            private void EmitStores(BlockKind block, int pixels)
            {
                string vf = _isa.VectorOfFloat;
                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        string value = _c.Activation switch
                        {
                            ActivationNames.Relu => $"{_isa.Vector}.MaxNative({vf}.Zero, a{p}_{v})",
                            ActivationNames.Relu6 => $"{_isa.Vector}.MinNative({_isa.Vector}.Create(6f), {_isa.Vector}.MaxNative({vf}.Zero, a{p}_{v}))",
                            _ => $"a{p}_{v}",
                        };
                        long offset = (long)p * _c.Filters + v * _isa.Lanes;
                        if (v == block.Vectors - 1 && block.TailLanes > 0)
                        {
                            _w.Line($"{vf} t{p} = {value};");
                            VectorCode.StorePartial(_w, $"t{p}", _isa.Lanes, block.TailLanes, "o", offset);
                        }
                        else
                        {
                            _w.Line(_stores.Store(value, "o", offset));
                        }
                    }
                }
            }
        }

        /// <summary>The weight gradient: per tap, x·g summed over the valid output pixels, vectorised over channels.</summary>
        private sealed class WeightGradientWriter
        {
            private readonly SourceWriter _w;
            private readonly ConvPlan _plan;
            private readonly VectorIsa _isa;
            private readonly string _description;
            private readonly ConvGeometry _c;

            public WeightGradientWriter(SourceWriter w, ConvPlan plan, VectorIsa isa, string description)
            {
                _w = w;
                _plan = plan;
                _isa = isa;
                _description = description;
                _c = plan.Conv;
            }

            public void Emit()
            {
                _w.Line("/// <summary>");
                _w.Line($"/// f32-dwconv-dw-{_c.KernelSize}x{_c.KernelSize}s{_c.Stride}p{_c.PadTop}-{_isa.Suffix}: weight gradient of {CSharpText.Xml(_description)}.");
                _w.Line($"/// Per block of {BlockVectors} channel vector(s), all {_c.KernelSize * _c.KernelSize} taps' sums stay in registers while the image's output pixels stream by once,");
                _w.Line("/// each pixel's gradient multiplied by the input pixels of the taps that fall inside the image.");
                if (Blocks().Exists(LoopsKernelRows))
                {
                    _w.Line("/// The block with the partial vector goes one kernel row at a time: its every tap unrolled would be past the JIT budget.");
                }

                _w.Line("/// </summary>");
                _w.Open($"private static class {_isa.Class("WeightGradientKernel")}");
                _w.Line($"private const int InputImageLength = {(long)_c.Height * _c.Width * _c.Channels};");
                _w.Line($"private const int OutputImageLength = {(long)_c.OutputHeight * _c.OutputWidth * _c.Filters};");
                _w.Line();
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)");
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                _w.Line("ref float g = ref MemoryMarshal.GetReference(gradOutput);");
                _w.Line("ref float dw = ref MemoryMarshal.GetReference(gradWeights);");
                _w.Open("for (int n = 0; n < batch; n++)");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float gi = ref Unsafe.Add(ref g, (nint)n * OutputImageLength);");
                int band = BandRows;
                bool banded = band < _c.OutputHeight;
                string rows = banded ? ", top, bottom" : $", 0, {_c.OutputHeight}";
                if (banded)
                {
                    _w.Line($"// Bands of {band} output rows, each through every block of channels while its rows are in L2.");
                    _w.Open($"for (int top = 0; top < {_c.OutputHeight}; top += {band})");
                    _w.Line($"int bottom = Math.Min(top + {band}, {_c.OutputHeight});");
                    long inRowFloats = (long)_c.Width * _c.Channels, outRowFloats = (long)_c.OutputWidth * _c.Channels;
                    _w.Line("// The next band's gradient and input rows, asked for now so they arrive while this band computes.");
                    _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref gi, (nint)bottom * {outRowFloats}, {band * outRowFloats}, OutputImageLength);");
                    _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref xi, (nint)(bottom * {_c.Stride}{Signed(_c.KernelSize - 1 - _plan.PadTop)}) * {inRowFloats}, {(long)band * _c.Stride * inRowFloats}, InputImageLength);");
                }

                foreach (BlockKind block in Blocks())
                {
                    string name = BlockName(block);
                    _w.Line($"// {block.Count} block(s) of {block.Width} channels from channel {block.FirstChannel}{(block.TailLanes > 0 ? $", the last vector {block.TailLanes} of {_isa.Lanes} lanes" : string.Empty)}.");
                    if (block.Count > 1)
                    {
                        _w.Open($"for (int blk = 0; blk < {block.Count}; blk++)");
                        _w.Line($"int c0 = {(block.FirstChannel == 0 ? string.Empty : block.FirstChannel + " + ")}blk * {block.Width};");
                        _w.Line($"{name}(ref Unsafe.Add(ref xi, c0), ref Unsafe.Add(ref gi, c0), ref Unsafe.Add(ref dw, c0){rows});");
                        _w.Close();
                    }
                    else
                    {
                        string c0 = block.FirstChannel.ToString(CultureInfo.InvariantCulture);
                        _w.Line($"{name}(ref Unsafe.Add(ref xi, {c0}), ref Unsafe.Add(ref gi, {c0}), ref Unsafe.Add(ref dw, {c0}){rows});");
                    }
                }

                if (banded)
                {
                    _w.Close();
                }

                _w.Close();
                _w.Close();
                foreach (BlockKind block in Blocks())
                {
                    _w.Line();
                    EmitBlock(block);
                }

                _w.Close();
            }

            // Output rows per band: the band's input and gradient rows (one block of channels after another) stay in
            // about half of L2.
            private int BandRows
            {
                get
                {
                    long bytes = ((long)_c.Stride * _c.Width + _c.OutputWidth) * _c.Channels * sizeof(float);
                    return (int)Math.Max(1, Math.Min(_c.OutputHeight, 512 * 1024 / bytes));
                }
            }

            // Channel vectors per block: the taps' accumulators (9 per vector) and the gradient vectors fit in the
            // registers (32 at 512 bits, 16 at 256).
            private int BlockVectors => _isa.Lanes == 16 ? 2 : 1;

            private static string Tail(BlockKind block) => block.TailLanes > 0 ? "Tail" + block.TailLanes.ToString(CultureInfo.InvariantCulture) : string.Empty;

            private static string BlockName(BlockKind block) => $"Image{block.Vectors}{Tail(block)}";

            // Blocks of BlockVectors vectors over the channels; the vector holding the last channels (a partial one
            // when the channels are not a multiple of the lanes) ends the last block.
            private List<BlockKind> Blocks()
            {
                int lanes = _isa.Lanes, per = BlockVectors, channels = _c.Channels;
                int vectors = (channels + lanes - 1) / lanes, tail = channels % lanes;
                int full = vectors / per, rest = vectors % per;
                var kinds = new List<BlockKind>();
                void Add(int v, int count, int first, int tailLanes)
                {
                    if (count > 0)
                    {
                        kinds.Add(new BlockKind(v, count, first, tailLanes, lanes, 1, _isa.Accumulators));
                    }
                }

                if (rest > 0)
                {
                    Add(per, full, 0, 0);
                    Add(rest, 1, full * per * lanes, tail);
                }
                else if (tail > 0 && full > 1)
                {
                    Add(per, full - 1, 0, 0);
                    Add(per, 1, (full - 1) * per * lanes, tail);
                }
                else
                {
                    Add(per, full, 0, tail);
                }

                return kinds;
            }

            // IL bytes of one block's fully unrolled method at most. RyuJIT optimises methods of up to 60,000 bytes and
            // the estimate below is rough, hence the margin (JitBudgetTests holds every method to 30,000).
            private const long UnrolledIlBudget = 20_000;

            // The IL of a block's fully unrolled method, roughly: about 40 bytes per FMA, and a partial vector's
            // lane-by-lane load (VectorCode.Load) about 12 bytes more per lane read and 5 per zero lane.
            private long UnrolledIlBytes(BlockKind block)
            {
                long rowTaps = 0, columnTaps = 0;
                foreach (RowClass row in _plan.Rows)
                {
                    rowTaps += Math.Max(0, row.KyHi - row.KyLo);
                }

                foreach (ColumnRun run in _plan.Columns)
                {
                    columnTaps += Math.Max(0, run.KxHi - run.KxLo);
                }

                long partial = block.TailLanes > 0 ? 12L * block.TailLanes + 5L * (_isa.Lanes - block.TailLanes) : 0;
                return rowTaps * columnTaps * (40L * block.Vectors + partial);
            }

            // Whether a block loops over the kernel rows instead of unrolling every tap of every row and column class:
            // only a block with a partial vector, and only past the budget (a 5x5 kernel on 13 channels, whose
            // unrolled tail was some 79 KB of IL). Unrolling a channel tail's lane-by-lane loads buys nothing there;
            // full blocks stay unrolled.
            private bool LoopsKernelRows(BlockKind block) => block.TailLanes > 0 && UnrolledIlBytes(block) > UnrolledIlBudget;

            private void EmitBlock(BlockKind block)
            {
                if (LoopsKernelRows(block))
                {
                    EmitBlockByKernelRows(block);
                    return;
                }

                string vf = _isa.VectorOfFloat;
                int k = _c.KernelSize, c = _c.Channels, s = _c.Stride;
                long inRow = (long)_c.Width * c, outRow = (long)_c.OutputWidth * c;
                _w.Line($"// {block.Width} channels of output rows top .. bottom - 1 of one image: the taps' sums start from dw and are stored back once.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {BlockName(block)}(ref float x, ref float g, ref float dw, int top, int bottom)");
                for (int tap = 0; tap < k * k; tap++)
                {
                    var parts = new List<string>();
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        parts.Add($"a{tap}_{v} = {VectorCode.Load(_isa, block, v, "dw", (long)tap * c + v * _isa.Lanes)}");
                    }

                    _w.Line($"{vf} {string.Join(", ", parts)};");
                }

                var gs = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    gs.Add($"g{v}");
                }

                _w.Line($"{vf} {string.Join(", ", gs)};");
                foreach (RowClass row in _plan.Rows)
                {
                    (int rowStart, int rowEnd, int kyLo, int kyHi) = (row.Start, row.End, row.KyLo, row.KyHi);
                    if (kyHi <= kyLo)
                    {
                        continue;
                    }

                    _w.Line($"// Output rows {rowStart}..{rowEnd - 1}: kernel rows {kyLo}..{kyHi - 1} inside the input.");
                    _w.Open($"for (int oy = Math.Max(top, {rowStart}), end = Math.Min(bottom, {rowEnd}); oy < end; oy++)");
                    _w.Line($"nint xRow = (nint)({(s == 1 ? "oy" : $"oy * {s}")}{Signed(kyLo - _plan.PadTop)}) * {inRow};");
                    _w.Line($"nint gRow = (nint)oy * {outRow};");
                    foreach (ColumnRun run in _plan.Columns)
                    {
                        (int kxLo, int kxHi) = (run.KxLo, run.KxHi);
                        if (kxHi <= kxLo)
                        {
                            continue;
                        }

                        OpenPixel(block, run);

                        for (int ky = kyLo; ky < kyHi; ky++)
                        {
                            for (int kx = kxLo; kx < kxHi; kx++)
                            {
                                int tap = ky * k + kx;
                                long offset = (ky - kyLo) * inRow + (long)(kx - kxLo) * c;
                                var line = new StringBuilder();
                                for (int v = 0; v < block.Vectors; v++)
                                {
                                    line.Append($"{(v > 0 ? " " : string.Empty)}a{tap}_{v} = {_isa.Fma}({VectorCode.Load(_isa, block, v, "xp", offset + v * _isa.Lanes)}, g{v}, a{tap}_{v});");
                                }

                                _w.Line(line.ToString());
                            }
                        }

                        _w.Close();
                    }

                    _w.Close();
                }

                for (int tap = 0; tap < k * k; tap++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        long offset = (long)tap * c + v * _isa.Lanes;
                        if (v == block.Vectors - 1 && block.TailLanes > 0)
                        {
                            VectorCode.StorePartial(_w, $"a{tap}_{v}", _isa.Lanes, block.TailLanes, "dw", offset);
                        }
                        else
                        {
                            _w.Line($"a{tap}_{v}.StoreUnsafe(ref dw, {offset});");
                        }
                    }
                }

                _w.Close();
            }

            // The loop over a column run's output pixels of row oy (xRow, gRow): x and g at the pixel (x at its first
            // kernel column inside the image), the gradient's vectors loaded into g0, g1 ….
            private void OpenPixel(BlockKind block, ColumnRun run)
            {
                int c = _c.Channels, s = _c.Stride;
                _w.Open($"for (int ox = {run.Start}; ox < {run.End}; ox++)");
                _w.Line($"ref float xp = ref Unsafe.Add(ref x, xRow + (nint)({(s == 1 ? "ox" : $"ox * {s}")}{Signed(run.KxLo - _plan.PadLeft)}) * {c});");
                _w.Line($"ref float gp = ref Unsafe.Add(ref g, gRow + (nint)ox * {c});");
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"g{v} = {VectorCode.Load(_isa, block, v, "gp", (long)v * _isa.Lanes)};");
                }
            }

            // One kernel row at a time: its taps' sums in registers while the output rows that read it stream by, then
            // stored back; the gradient vectors are loaded once per kernel row, the column runs unrolled as above.
            private void EmitBlockByKernelRows(BlockKind block)
            {
                string vf = _isa.VectorOfFloat;
                int k = _c.KernelSize, c = _c.Channels, s = _c.Stride, padTop = _plan.PadTop;
                long inRow = (long)_c.Width * c, outRow = (long)_c.OutputWidth * c;
                _w.Line($"// {block.Width} channels of output rows top .. bottom - 1 of one image, one kernel row at a time (the unrolled taps of");
                _w.Line("// every row class would be past the JIT budget): the row's taps' sums start from dw and are stored back once.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {BlockName(block)}(ref float x, ref float g, ref float dw, int top, int bottom)");
                var gs = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    gs.Add($"g{v}");
                }

                _w.Line($"{vf} {string.Join(", ", gs)};");
                _w.Open($"for (int ky = 0; ky < {k}; ky++)");
                _w.Line($"ref float dwr = ref Unsafe.Add(ref dw, ky * {(long)k * c});");
                for (int kx = 0; kx < k; kx++)
                {
                    var parts = new List<string>();
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        parts.Add($"a{kx}_{v} = {VectorCode.Load(_isa, block, v, "dwr", (long)kx * c + v * _isa.Lanes)}");
                    }

                    _w.Line($"{vf} {string.Join(", ", parts)};");
                }

                // Output rows oy whose input row oy * s + ky - padTop is inside the image: from ceil((padTop - ky) / s)
                // (at least 0) to floor((H - 1 + padTop - ky) / s) inclusive (an empty range when that is negative).
                _w.Line($"// Output rows whose input row {(s == 1 ? "oy" : $"oy * {s}")} + ky{Signed(-padTop)} is inside the image.");
                if (s == 1)
                {
                    _w.Line($"int first = Math.Max(top, {padTop} - ky);");
                    _w.Line($"int end = Math.Min(bottom, {_c.Height + padTop} - ky);");
                }
                else
                {
                    _w.Line($"int first = Math.Max(top, Math.Max(0, {padTop + s - 1} - ky) / {s});");
                    _w.Line($"int end = Math.Min(bottom, ({_c.Height - 1 + padTop + s} - ky) / {s});");
                }

                _w.Open("for (int oy = first; oy < end; oy++)");
                _w.Line($"nint xRow = (nint)({(s == 1 ? "oy" : $"oy * {s}")} + ky{Signed(-padTop)}) * {inRow};");
                _w.Line($"nint gRow = (nint)oy * {outRow};");
                foreach (ColumnRun run in _plan.Columns)
                {
                    (int kxLo, int kxHi) = (run.KxLo, run.KxHi);
                    if (kxHi <= kxLo)
                    {
                        continue;
                    }

                    OpenPixel(block, run);

                    for (int kx = kxLo; kx < kxHi; kx++)
                    {
                        var line = new StringBuilder();
                        for (int v = 0; v < block.Vectors; v++)
                        {
                            line.Append($"{(v > 0 ? " " : string.Empty)}a{kx}_{v} = {_isa.Fma}({VectorCode.Load(_isa, block, v, "xp", (long)(kx - kxLo) * c + v * _isa.Lanes)}, g{v}, a{kx}_{v});");
                        }

                        _w.Line(line.ToString());
                    }

                    _w.Close();
                }

                _w.Close();
                for (int kx = 0; kx < k; kx++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        long offset = (long)kx * c + v * _isa.Lanes;
                        if (v == block.Vectors - 1 && block.TailLanes > 0)
                        {
                            VectorCode.StorePartial(_w, $"a{kx}_{v}", _isa.Lanes, block.TailLanes, "dwr", offset);
                        }
                        else
                        {
                            _w.Line($"a{kx}_{v}.StoreUnsafe(ref dwr, {offset});");
                        }
                    }
                }

                _w.Close();
                _w.Close();
            }

            private static string Signed(int value) => value == 0 ? string.Empty : value > 0 ? $" + {value}" : $" - {-value}";

        }
    }
}
