using System;
using System.Collections.Generic;
using System.Globalization;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The one template of the direct-convolution family (1x1 and 3x3, stride 1 and 2, 'same' and 'valid'; the forward
    /// pass, its residual variant and the input gradient): per vector width, a nested class whose hot tiles (the whole
    /// interior tiles of the rows that use every kernel row) are fully unrolled over input channels and taps within
    /// <see cref="ConvPlan.FmaBudget"/>, and whose cold code (edge rows, border pixels, each row's shorter last tile) is
    /// shared, looped over the taps it is given (<see cref="ConvPlan.LoopsCold"/>).
    /// </summary>
    internal static class ConvKernelEmitter
    {
        /// <summary>
        /// Writes the nested SIMD class of one direct convolution (forward, or the input gradient); with
        /// <paramref name="parts"/>, also its <c>Part</c> entry (a share of the batch's output rows, for threads that
        /// split fewer images than they are).
        /// </summary>
        public static void EmitDirectKernel(SourceWriter w, ConvPlan plan, VectorIsa isa, string description, string className, string family, bool parts = false) =>
            new KernelWriter(w, plan, isa, description, className, family, parts).Emit();

        /// <summary>A call of a width's kernel class's <c>Part</c> entry (with cached stores when the class streams its output).</summary>
        public static string PartCall(bool streams, string className, string arguments) =>
            streams ? $"{className}.Part<{RuntimeNames.CachedStore}>({arguments});" : $"{className}.Part({arguments});";

        /// <summary>The nested class of one width's residual kernel.</summary>
        public static string ResidualClassName(VectorIsa isa) => isa.Class("ResidualKernel");

        /// <summary>
        /// A call of a width's kernel class: through <c>OutputStreaming</c> when it streams its output (the class is then
        /// an <c>IStreamingKernel</c>), else its <c>Run</c> directly.
        /// </summary>
        public static string RunCall(bool streams, string className, string arguments) =>
            streams ? $"{RuntimeNames.OutputStreaming}.Run<{className}>({arguments});" : $"{className}.Run({arguments});";

        /// <summary>XNNPACK-style microkernel name, e.g. <c>f32-conv-3x3s1p1-6x16-avx2</c>.</summary>
        public static string MicrokernelName(ConvPlan plan, VectorIsa isa, string family)
        {
            ConvGeometry c = plan.Conv;
            BlockKind main = plan.Blocks[0];
            return $"{family}-{c.KernelSize}x{c.KernelSize}s{c.Stride}p{c.PadTop}-{main.Pixels}x{main.Width}-{isa.Suffix}";
        }

        /// <summary>Writes one width's nested kernel class.</summary>
        private sealed class KernelWriter
        {
            private readonly SourceWriter _w;
            private readonly ConvPlan _plan;
            private readonly VectorIsa _isa;
            private readonly string _description;
            private readonly string _className;
            private readonly string _family;
            private readonly ConvGeometry _c;
            private readonly SortedDictionary<string, Action> _methods = new SortedDictionary<string, Action>(StringComparer.Ordinal);
            private readonly string _biasParam;
            private readonly string _biasArg;
            private readonly OutputStoreCode _stores;
            private readonly bool _parts;

            // Whether the row method being written is the one shared by the edge rows (their kernel rows passed at run time).
            private bool _sharedRow;

            public KernelWriter(SourceWriter w, ConvPlan plan, VectorIsa isa, string description, string className, string family, bool parts)
            {
                _parts = parts;
                _w = w;
                _plan = plan;
                _isa = isa;
                _description = description;
                _className = className;
                _family = family;
                _c = plan.Conv;
                _biasParam = _c.UseBias ? "ref float b, " : string.Empty;
                _biasArg = _c.UseBias ? "ref b, " : string.Empty;
                _stores = new OutputStoreCode(plan.StreamsOutput);
            }

            private string V => _isa.Vector;

            private string VF => _isa.VectorOfFloat;

            private int L => _isa.Lanes;

            private string RowParams => $"ref float x, ref float w, {_biasParam}ref float o, {ResidualParam}int oy";

            private string RowArgs => $"ref xi, ref w, {_biasArg}ref oi, {(_c.Residual ? "ref ri, " : string.Empty)}{{0}}";

            // The residual a fused Add reads, laid out like the output (dense: a residual kernel never writes a slice).
            private string ResidualParam => _c.Residual ? "ref float r, " : string.Empty;

            private string ResidualArg(string offset) => _c.Residual ? $", ref Unsafe.Add(ref r, {offset})" : string.Empty;

            public void Emit()
            {
                BlockKind main = _plan.Blocks[0];
                _w.Line($"/// <summary>");
                _w.Line($"/// {MicrokernelName(_plan, _isa, _family)}: {CSharpText.Xml(_description)}. Tiles of {main.Pixels} output pixels x {main.Width} output channels");
                _w.Line($"/// in {main.Pixels * main.Vectors} {V} accumulators; {(_plan.Looped ? $"each tile's reduction is {CSharpText.Xml(_plan.DescribeSegmentation())}" : "each tile is one fully unrolled method over taps and input channels")}.");
                _stores.EmitSummaryLine(_w);
                _w.Line($"/// </summary>");
                _stores.OpenClass(_w, _className, _isa, (long)_c.Height * _c.Width * _c.Channels, (long)_c.OutputHeight * _c.OutputWidth * _c.OutputPixelStride);
                EmitRun();
                if (_parts)
                {
                    _w.Line();
                    EmitPart();
                }

                bool sharedEmitted = false;
                for (int r = 0; r < _plan.Rows.Count; r++)
                {
                    if (_plan.SharesEdgeRow(_plan.Rows[r]))
                    {
                        if (sharedEmitted)
                        {
                            continue;
                        }

                        sharedEmitted = true;
                    }

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

            // With a Part entry, Run is Part's one part of one (the same rows in the same order): the pass is written once.
            private void EmitRun()
            {
                string signature = $"public static void Run{_stores.TypeParameter}(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, {(_c.Residual ? "ReadOnlySpan<float> residual, " : string.Empty)}Span<float> output, int batch){_stores.Constraint}";
                if (_parts)
                {
                    _w.Line($"{signature} =>");
                    _w.Line($"    Part{_stores.TypeParameter}(input, packedWeights, bias, {(_c.Residual ? "residual, " : string.Empty)}output, batch, 0, 1);");
                    return;
                }

                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open(signature);
                EmitReferences();
                _w.Open("for (int n = 0; n < batch; n++)");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float oi = ref Unsafe.Add(ref o, (nint)n * OutputImageLength);");
                if (_c.Residual)
                {
                    _w.Line("ref float ri = ref Unsafe.Add(ref r, (nint)n * OutputImageLength);");
                }

                for (int r = 0; r < _plan.Rows.Count; r++)
                {
                    RowClass row = _plan.Rows[r];
                    if (row.End - row.Start == 1)
                    {
                        _w.Line(RowCall(r, row.Start.ToString(CultureInfo.InvariantCulture)));
                    }
                    else
                    {
                        _w.Open($"for (int oy = {row.Start}; oy < {row.End}; oy++)");
                        _w.Line(RowCall(r, "oy"));
                        _w.Close();
                    }
                }

                _w.Close();
                _w.Close();
            }

            private void EmitReferences()
            {
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                _w.Line("ref float w = ref MemoryMarshal.GetReference(packedWeights);");
                if (_c.UseBias)
                {
                    _w.Line("ref float b = ref MemoryMarshal.GetReference(bias);");
                }

                _w.Line("ref float o = ref MemoryMarshal.GetReference(output);");
                if (_c.Residual)
                {
                    _w.Line("ref float r = ref MemoryMarshal.GetReference(residual);");
                }
            }

            // Part `part` of `parts` of the batch's output rows (batch · rows per image, cut into nearly equal runs): each
            // row computed by the same row method as Run's, so the parts together write exactly what Run writes.
            private void EmitPart()
            {
                int rows = _plan.OutH;
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"public static void Part{_stores.TypeParameter}(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, {(_c.Residual ? "ReadOnlySpan<float> residual, " : string.Empty)}Span<float> output, int batch, int part, int parts){_stores.Constraint}");
                EmitReferences();
                _w.Line($"long all = (long)batch * {rows};");
                _w.Line("int lo = (int)(all * part / parts), hi = (int)(all * (part + 1) / parts);");
                _w.Open($"for (int n = lo / {rows}; n < batch && n * {rows} < hi; n++)");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float oi = ref Unsafe.Add(ref o, (nint)n * OutputImageLength);");
                if (_c.Residual)
                {
                    _w.Line("ref float ri = ref Unsafe.Add(ref r, (nint)n * OutputImageLength);");
                }

                _w.Line($"int top = lo - n * {rows}, bottom = hi - n * {rows};");
                for (int r = 0; r < _plan.Rows.Count; r++)
                {
                    RowClass row = _plan.Rows[r];
                    if (row.End - row.Start == 1)
                    {
                        _w.Open($"if (top <= {row.Start} && {row.Start} < bottom)");
                        _w.Line(RowCall(r, row.Start.ToString(CultureInfo.InvariantCulture)));
                        _w.Close();
                    }
                    else
                    {
                        _w.Open($"for (int oy = Math.Max(top, {row.Start}), end = Math.Min(bottom, {row.End}); oy < end; oy++)");
                        _w.Line(RowCall(r, "oy"));
                        _w.Close();
                    }
                }

                _w.Close();
                _w.Close();
            }

            // A call of the method of row class r for output row oy (the shared edge row's with the class's kernel rows).
            private string RowCall(int r, string oy)
            {
                RowClass row = _plan.Rows[r];
                string kernelRows = _plan.SharesEdgeRow(row) ? $", {row.KyLo}, {row.KyHi}" : string.Empty;
                return $"{RowName(r)}{_stores.TypeParameter}({string.Format(CultureInfo.InvariantCulture, RowArgs, oy)}{kernelRows});";
            }

            private string RowName(int r)
            {
                var names = new List<string>();
                for (int i = 0; i < _plan.Rows.Count; i++)
                {
                    RowClass row = _plan.Rows[i];
                    string where = _plan.SharesEdgeRow(row) ? "Edge"
                        : _plan.Rows.Count == 1 ? "All"
                        : i == 0 && row.KyLo > 0 ? "Top"
                        : i == _plan.Rows.Count - 1 && row.KyHi < _c.KernelSize ? "Bottom"
                        : row.KyLo == 0 && row.KyHi == _c.KernelSize ? "Middle"
                        : "Border";
                    names.Add(where);
                }

                string name = "Row" + names[r];
                return names[r] != "Edge" && names.FindAll(n => n == names[r]).Count > 1 ? name + r.ToString(CultureInfo.InvariantCulture) : name;
            }

            private void EmitRow(int r)
            {
                RowClass row = _plan.Rows[r];
                _sharedRow = _plan.SharesEdgeRow(row);
                _w.Line(_sharedRow
                    ? "// Output rows crossing the top or bottom edge: kernel rows kyLo..kyHi - 1 fall inside the input (xRow is the first's input row)."
                    : row.KyHi > row.KyLo
                    ? $"// Output rows {row.Start}..{row.End - 1}: kernel rows {row.KyLo}..{row.KyHi - 1} fall inside the input."
                    : $"// Output rows {row.Start}..{row.End - 1}: no kernel row falls inside the input.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {RowName(r)}{_stores.TypeParameter}({RowParams}{(_sharedRow ? ", int kyLo, int kyHi" : string.Empty)}){_stores.Constraint}");
                int rowStep = _c.Stride;
                string firstInputRow = (rowStep == 1 ? "oy" : $"oy * {rowStep}") + (_plan.PadTop > 0 ? $" - {_plan.PadTop}" : string.Empty) + (_sharedRow ? " + kyLo" : string.Empty);
                _w.Line($"nint xRow = (nint){(firstInputRow == "oy" ? "oy" : $"({firstInputRow})")} * {_plan.InW * _c.Channels};");
                _w.Line($"nint oRow = (nint)oy * {_plan.OutW * _c.OutputPixelStride};");
                if (_plan.PrefetchesRows && !_plan.PrefetchesTiles)
                {
                    string input = $"{RuntimeNames.KernelPrefetch}.ToL2(ref x, xRow + {(long)_plan.InW * _c.Channels}, {(long)_plan.InW * _c.Channels}, InputImageLength);";
                    string output = $"{RuntimeNames.KernelPrefetch}.ToL2(ref o, oRow + {(long)_plan.OutW * _c.OutputPixelStride}, {(long)_plan.OutW * _c.OutputPixelStride}, OutputImageLength);";
                    if (_stores.Streams)
                    {
                        _w.Line("// The next row's input, asked for now so it arrives while this row computes; and its output unless that goes past the caches.");
                        _w.Line(input);
                        _w.Open("if (!TStore.Streams)");
                        _w.Line(output);
                        _w.Close();
                    }
                    else
                    {
                        _w.Line("// The next row's input and output, asked for now so they arrive while this row computes.");
                        _w.Line(input);
                        _w.Line(output);
                    }
                }

                if (_plan.PixelsOuter)
                {
                    EmitPixelsOuter(row);
                }
                else
                {
                    foreach (BlockKind block in _plan.Blocks)
                    {
                        OpenBlock(block);
                        EmitColumns(block, row);
                        _w.Close();
                    }
                }

                _w.Close();
            }

            // Opens the loop (or scope) over a kind's blocks of output channels, with their weights, bias and output column.
            private void OpenBlock(BlockKind block)
            {
                _w.Line($"// {block.Count} block(s) of {block.Width} output channels from channel {block.FirstChannel}{(block.TailLanes > 0 ? $", the last vector {block.TailLanes} of {L} lanes" : string.Empty)}.");
                bool loop = block.Count > 1;
                string blk = loop ? "blk" : "0";
                if (loop)
                {
                    _w.Open($"for (int blk = 0; blk < {block.Count}; blk++)");
                }
                else
                {
                    _w.Block();
                }

                _w.Line(loop ? $"ref float wb = ref Unsafe.Add(ref w, {Sum(block.WeightOffset, $"{blk} * {block.WeightLength}")});" : $"ref float wb = {Ref("w", block.WeightOffset)};");
                if (_c.UseBias)
                {
                    _w.Line(loop ? $"ref float bb = ref Unsafe.Add(ref b, {Sum(block.FirstChannel, $"{blk} * {block.Width}")});" : $"ref float bb = {Ref("b", block.FirstChannel)};");
                }

                _w.Line($"nint oc = {Offset(loop ? $"oRow + {blk} * {block.Width}" : "oRow", block.FirstChannel)};");
            }

            // One kind of block along the whole row: border pixels one at a time, the interior in tiles.
            private void EmitColumns(BlockKind block, RowClass row)
            {
                foreach (ColumnRun run in _plan.Columns)
                {
                    if (!run.Interior)
                    {
                        for (int ox = run.Start; ox < run.End; ox++)
                        {
                            if (row.KyHi > row.KyLo && run.KxHi > run.KxLo && _plan.LoopsCold)
                            {
                                EmitEdgePixel(block, row, run.KxLo, run.KxHi, ox);
                            }
                            else
                            {
                                EmitTile(block, row, run.KxLo, run.KxHi, 1, ox.ToString(CultureInfo.InvariantCulture), true);
                            }
                        }

                        continue;
                    }

                    int length = run.End - run.Start;
                    int tiles = length / block.Pixels;
                    int rest = length % block.Pixels;
                    if (tiles == 1)
                    {
                        EmitInteriorTile(block, row, block.Pixels, run.Start.ToString(CultureInfo.InvariantCulture), true, false);
                    }
                    else if (tiles > 1)
                    {
                        _w.Open($"for (int ox = {run.Start}; ox < {run.Start + tiles * block.Pixels}; ox += {block.Pixels})");
                        if (_plan.PrefetchesTiles)
                        {
                            EmitTilePrefetch(block.Pixels);
                        }

                        EmitInteriorTile(block, row, block.Pixels, "ox", false, false);
                        _w.Close();
                    }

                    if (rest > 0)
                    {
                        EmitInteriorTile(block, row, rest, (run.Start + tiles * block.Pixels).ToString(CultureInfo.InvariantCulture), true, true);
                    }
                }
            }

            // A tile of the interior columns: a whole tile of a row that uses every kernel row is its own unrolled method;
            // the rest (the tiles of rows crossing the top or bottom edge, the shorter tile that ends a row's interior)
            // the strip code of its length, looped over the row's kernel rows (see ConvPlan.LoopsCold).
            private void EmitInteriorTile(BlockKind block, RowClass row, int pixels, string ox, bool constant, bool remainder)
            {
                if (row.KyHi > row.KyLo && _plan.LoopsCold && (remainder || !_plan.IsFullRow(row)))
                {
                    string name = $"EdgeRow{pixels}x{block.Vectors}{TailSuffix(block)}_{Range("Kx", 0, _c.KernelSize)}";
                    EmitCall(name, block, row, 0, pixels, ox, constant, $", {KernelRows(row)}");
                    Require(name, () => EmitEdgeRowMethod(name, block, pixels, 0, _c.KernelSize));
                }
                else
                {
                    EmitTile(block, row, 0, _c.KernelSize, pixels, ox, constant);
                }
            }

            // The kernel rows a looped call passes: the row class's, or the shared edge row's arguments.
            private string KernelRows(RowClass row) => _sharedRow ? "kyLo, kyHi" : $"{row.KyLo}, {row.KyHi}";

            // A border pixel through the pixel code shared by every border pixel, looped over its taps.
            private void EmitEdgePixel(BlockKind block, RowClass row, int kxLo, int kxHi, int ox)
            {
                string name = $"EdgePixel{block.Vectors}{TailSuffix(block)}";
                EmitCall(name, block, row, kxLo, 1, ox.ToString(CultureInfo.InvariantCulture), true, $", {KernelRows(row)}, {kxLo}, {kxHi}");
                Require(name, () => EmitEdgePixelMethod(name, block));
            }

            // A flattened 1x1 row: each tile of pixels goes through every block of output channels before the next
            // tile, so the tile's input is read from L1 by all blocks and its output pixels are written whole.
            private void EmitPixelsOuter(RowClass row)
            {
                int pixels = _plan.Blocks[0].Pixels;
                int tiles = _plan.OutW / pixels;
                int rest = _plan.OutW % pixels;
                _w.Line($"// Tiles of {pixels} pixels, each through all {_c.Filters} output channels.");
                if (tiles > 0)
                {
                    bool loop = tiles > 1;
                    if (loop)
                    {
                        _w.Open($"for (int ox = 0; ox < {tiles * pixels}; ox += {pixels})");
                        if (_plan.PrefetchesTiles)
                        {
                            EmitTilePrefetch(pixels);
                        }
                    }

                    foreach (BlockKind block in _plan.Blocks)
                    {
                        OpenBlock(block);
                        EmitTile(block, row, 0, 1, pixels, loop ? "ox" : "0", !loop);
                        _w.Close();
                    }

                    if (loop)
                    {
                        _w.Close();
                    }
                }

                if (rest > 0)
                {
                    _w.Line($"// The last {rest} pixel(s).");
                    foreach (BlockKind block in _plan.Blocks)
                    {
                        OpenBlock(block);
                        EmitTile(block, row, 0, 1, rest, (tiles * pixels).ToString(CultureInfo.InvariantCulture), true);
                        _w.Close();
                    }
                }
            }

            // In a flattened row's tile loop: the same pixels of the next row, asked for one tile at a time. (The whole next
            // row asked for at the row's start, 64 KB of input on a 256-channel row, left the 256-bit kernels 10-15 %
            // slower on the large 1x1 shapes: more hints at once than the core keeps lines in flight.)
            private void EmitTilePrefetch(int pixels)
            {
                _w.Line($"{RuntimeNames.KernelPrefetch}.ToL2(ref x, xRow + {(long)_plan.InW * _c.Channels} + ox * {_c.Channels}, {pixels * _c.Channels}, InputImageLength);");
                string output = $"{RuntimeNames.KernelPrefetch}.ToL2(ref o, oRow + {(long)_plan.OutW * _c.OutputPixelStride} + ox * {_c.OutputPixelStride}, {pixels * _c.OutputPixelStride}, OutputImageLength);";
                if (_stores.Streams)
                {
                    _w.Open("if (!TStore.Streams)");
                    _w.Line(output);
                    _w.Close();
                }
                else
                {
                    _w.Line(output);
                }
            }

            private void EmitTile(BlockKind block, RowClass row, int kxLo, int kxHi, int pixels, string ox, bool constant)
            {
                string name = $"Tile{pixels}x{block.Vectors}{TailSuffix(block)}_{Range("Ky", row.KyLo, row.KyHi)}_{Range("Kx", kxLo, kxHi)}";
                EmitCall(name, block, row, kxLo, pixels, ox, constant, string.Empty);
                Require(name, () => EmitTileMethod(name, block, pixels, row.KyLo, row.KyHi, kxLo, kxHi));
            }

            // A call of a tile's code: the input at its first pixel's first valid tap (kernel row KyLo, column kxLo),
            // its block's weights and bias, its output (and residual), then the extra arguments.
            private void EmitCall(string name, BlockKind block, RowClass row, int kxLo, int pixels, string ox, bool constant, string extra)
            {
                int s = _c.Stride;
                int cin = _c.Channels;

                // Input and output offsets of the tile's first pixel: a run-time part and a constant folded into each use.
                string xBase = constant ? "xRow" : s * cin == 1 ? "xRow + ox" : $"xRow + ox * {s * cin}";
                long xConst = constant ? (long)(int.Parse(ox, CultureInfo.InvariantCulture) * s - _plan.PadLeft) * cin : -(long)_plan.PadLeft * cin;
                string oPix = constant
                    ? Offset("oc", (long)int.Parse(ox, CultureInfo.InvariantCulture) * _c.OutputPixelStride)
                    : $"oc + ox * {_c.OutputPixelStride}";
                string bb = _c.UseBias ? "ref bb, " : string.Empty;
                long origin = ((long)(_sharedRow ? 0 : row.KyLo) * _plan.InW + kxLo) * cin;
                _w.Line($"{name}{_stores.TypeParameter}(ref Unsafe.Add(ref x, {Offset(xBase, xConst + origin)}), ref wb, {bb}ref Unsafe.Add(ref o, {oPix}){ResidualArg(oPix)}{extra});");
            }

            // The strip code of the tiles that are not hot (see ConvPlan.LoopsCold): kernel rows kyLo .. kyHi - 1 in a loop, each
            // row's taps kxLo .. kxHi - 1 unrolled over chunks of input channels; x is the tile's input at kernel row kyLo.
            private void EmitEdgeRowMethod(string name, BlockKind block, int pixels, int kxLo, int kxHi)
            {
                int rowTaps = kxHi - kxLo;
                (int chunk, int full, int last) = _plan.ColdChunks((long)rowTaps * pixels * block.Vectors);
                _w.Line($"// {pixels} pixel(s) x {block.Width} channels off the hot interior: kernel rows kyLo..kyHi - 1 in a loop, taps kx {kxLo}..{kxHi - 1} of each over {_c.Channels} input channel(s) in chunks of {chunk}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}{_stores.TypeParameter}(ref float x, ref float w, {_biasParam}ref float o{(_c.Residual ? ", ref float r" : string.Empty)}, int kyLo, int kyHi){_stores.Constraint}");
                DeclareAccumulators(block, pixels, v => BiasVector(block, v));
                DeclareOperands(block, InputStationary(block, pixels, rowTaps) ? rowTaps : 1);
                _w.Open("for (int ky = kyLo; ky < kyHi; ky++)");
                _w.Line($"ref float xk = ref Unsafe.Add(ref x, (nint)(ky - kyLo) * {(long)_plan.InW * _c.Channels});");
                _w.Line($"ref float wk = ref Unsafe.Add(ref w, (nint)ky * {(long)_c.KernelSize * _c.Channels * block.Width});");
                EmitChannelChunks(block, "xk", "wk", chunk, full, last, (x, w, first, channels) => EmitChunk(block, pixels, 0, 1, kxLo, kxHi, x, w, first, channels, "ky"));
                _w.Close();
                EmitEpilogue(block, pixels, (p, v) => (long)p * _c.OutputPixelStride + v * L);
                _w.Close();
            }

            // The pixel code of every border pixel: taps (kyLo..kyHi - 1) x (kxLo..kxHi - 1) in loops, each over chunks of
            // input channels; x is the pixel's input at tap (kyLo, kxLo).
            private void EmitEdgePixelMethod(string name, BlockKind block)
            {
                (int chunk, int full, int last) = _plan.ColdChunks(block.Vectors);
                _w.Line($"// One border pixel x {block.Width} channels: taps ky kyLo..kyHi - 1 x kx kxLo..kxHi - 1 in loops, each over {_c.Channels} input channel(s) in chunks of {chunk}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}{_stores.TypeParameter}(ref float x, ref float w, {_biasParam}ref float o{(_c.Residual ? ", ref float r" : string.Empty)}, int kyLo, int kyHi, int kxLo, int kxHi){_stores.Constraint}");
                DeclareAccumulators(block, 1, v => BiasVector(block, v));
                DeclareOperands(block, 1);
                _w.Open("for (int ky = kyLo; ky < kyHi; ky++)");
                _w.Open("for (int kx = kxLo; kx < kxHi; kx++)");
                _w.Line($"ref float xt = ref Unsafe.Add(ref x, ((nint)(ky - kyLo) * {_plan.InW} + (kx - kxLo)) * {_c.Channels});");
                _w.Line($"ref float wt = ref Unsafe.Add(ref w, (nint)(ky * {_c.KernelSize} + kx) * {(long)_c.Channels * block.Width});");
                EmitChannelChunks(block, "xt", "wt", chunk, full, last, (x, w, first, channels) =>
                {
                    for (int ci = first; ci < first + channels; ci++)
                    {
                        int c = ci;
                        EmitProducts(block, 1, x, w, (long)c * block.Width, p => c);
                    }
                });
                _w.Close();
                _w.Close();
                EmitEpilogue(block, 1, (p, v) => (long)p * _c.OutputPixelStride + v * L);
                _w.Close();
            }

            // Input channels in chunks: full chunks in a loop (or once), then the last channels in straight-line code.
            private void EmitChannelChunks(BlockKind block, string x, string w, int chunk, int full, int last, Action<string, string, int, int> body)
            {
                int looped = full * chunk;
                if (full == 1)
                {
                    body(x, w, 0, chunk);
                }
                else if (full > 1)
                {
                    _w.Open($"for (nint c = 0; c < {looped}; c += {chunk})");
                    _w.Line($"ref float xc = ref Unsafe.Add(ref {x}, c);");
                    _w.Line($"ref float wc = ref Unsafe.Add(ref {w}, c * {block.Width});");
                    body("xc", "wc", 0, chunk);
                    _w.Close();
                }

                if (last > 0)
                {
                    body(x, w, looped, last);
                }
            }

            // "Ky0to2", or "KyNone" where no kernel row reaches the input (zero-upsampled input gradients).
            private static string Range(string axis, int lo, int hi) => hi > lo ? $"{axis}{lo}to{hi - 1}" : axis + "None";

            private static string TailSuffix(BlockKind block) => block.TailLanes > 0 ? $"Tail{block.TailLanes}" : string.Empty;

            private static string Ref(string name, long offset) =>
                offset == 0 ? $"ref {name}" : $"ref Unsafe.Add(ref {name}, {offset})";

            private static string Sum(long constant, string? term) =>
                term is null ? constant.ToString(CultureInfo.InvariantCulture) : constant == 0 ? term : $"{constant} + {term}";

            private static string Offset(string baseExpr, long offset) =>
                offset == 0 ? baseExpr : offset > 0 ? $"{baseExpr} + {offset}" : $"{baseExpr} - {-offset}";

            private void Require(string name, Action emit)
            {
                if (!_methods.ContainsKey(name))
                {
                    _methods.Add(name, emit);
                }
            }

            private void EmitTileMethod(string name, BlockKind block, int pixels, int kyLo, int kyHi, int kxLo, int kxHi)
            {
                int taps = (kyHi - kyLo) * (kxHi - kxLo);
                int fmas = taps * _c.Channels * pixels * block.Vectors;
                _w.Line($"// {pixels} pixel(s) x {block.Width} channels; taps ky {kyLo}..{kyHi - 1} x kx {kxLo}..{kxHi - 1} over {_c.Channels} input channel(s): {fmas} FMAs.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}{_stores.TypeParameter}(ref float x, ref float w, {_biasParam}ref float o{(_c.Residual ? ", ref float r" : string.Empty)}){_stores.Constraint}");
                DeclareAccumulators(block, pixels, v => BiasVector(block, v));
                if (taps > 0)
                {
                    DeclareOperands(block, InputStationary(block, pixels, kxHi - kxLo) ? kxHi - kxLo : 1);
                    if (!_plan.Looped)
                    {
                        EmitChunk(block, pixels, kyLo, kyHi, kxLo, kxHi, "x", "w", 0, _c.Channels);
                    }
                    else
                    {
                        int looped = _plan.FullChunks * _plan.ChunkChannels;
                        if (_plan.FullChunks == 1)
                        {
                            EmitChunk(block, pixels, kyLo, kyHi, kxLo, kxHi, "x", "w", 0, _plan.ChunkChannels);
                        }
                        else
                        {
                            _w.Line($"// Input channels 0..{looped - 1} in chunks of {_plan.ChunkChannels}, every tap unrolled in each; the accumulators stay in registers.");
                            _w.Open($"for (nint c = 0; c < {looped}; c += {_plan.ChunkChannels})");
                            _w.Line("ref float xc = ref Unsafe.Add(ref x, c);");
                            _w.Line($"ref float wc = ref Unsafe.Add(ref w, c * {block.Width});");
                            EmitChunk(block, pixels, kyLo, kyHi, kxLo, kxHi, "xc", "wc", 0, _plan.ChunkChannels);
                            _w.Close();
                        }

                        if (_plan.LastChunkChannels > 0)
                        {
                            _w.Line($"// Input channels {looped}..{_c.Channels - 1}.");
                            EmitChunk(block, pixels, kyLo, kyHi, kxLo, kxHi, "x", "w", looped, _plan.LastChunkChannels);
                        }
                    }
                }

                EmitEpilogue(block, pixels, (p, v) => (long)p * _c.OutputPixelStride + v * L);
                _w.Close();
            }

            // Products of input channels [first, first + channels) over the taps, reading x and w through the named refs.
            // (rowLabel names the kernel row in comments when the code is one kernel row of a loop: ky is 0 relative to w.)
            private void EmitChunk(BlockKind block, int pixels, int kyLo, int kyHi, int kxLo, int kxHi, string x, string w, int first, int channels, string? rowLabel = null)
            {
                int s = _c.Stride;
                bool taps = _c.KernelSize > 1;
                if (InputStationary(block, pixels, kxHi - kxLo))
                {
                    EmitStationaryChunk(block, pixels, kyLo, kyHi, kxLo, kxHi, x, w, first, channels, s, rowLabel);
                    return;
                }

                for (int ky = kyLo; ky < kyHi; ky++)
                {
                    for (int kx = kxLo; kx < kxHi; kx++)
                    {
                        if (taps)
                        {
                            _w.Line($"// Tap ({rowLabel ?? ky.ToString(CultureInfo.InvariantCulture)}, {kx}).");
                        }

                        int tap = ky * _c.KernelSize + kx;
                        for (int ci = first; ci < first + channels; ci++)
                        {
                            long wOffset = ((long)tap * _c.Channels + ci) * block.Width;
                            long xOffset = ((long)(ky - kyLo) * _plan.InW + (kx - kxLo)) * _c.Channels + ci;
                            EmitProducts(block, pixels, x, w, wOffset, p => xOffset + (long)p * s * _c.Channels);
                        }
                    }
                }
            }

            private void DeclareAccumulators(BlockKind block, int pixels, Func<int, string> bias)
            {
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"{VF} b{v} = {bias(v)};");
                }

                for (int p = 0; p < pixels; p++)
                {
                    var parts = new List<string>();
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        parts.Add($"a{p}_{v} = b{v}");
                    }

                    _w.Line($"{VF} {string.Join(", ", parts)};");
                }
            }

            // Whether a tile's products go input column by input column (see EmitStationaryChunk): when neighbouring
            // pixels of the tile read the same input columns (more than one pixel, a stride shorter than the kernel row's
            // taps), the row's weights fit in registers beside the accumulators and the broadcast, and a column's
            // products are enough to keep the FMA pipes busy between two products into one accumulator (at least two
            // vectors per pixel: with one, a 16-channel 512-bit tile ran 5 % slower column by column). Tap by tap, the
            // JIT keeps an input it sees loaded again for the next tap in a register across the tap: with 24 ZMM
            // accumulators it ran out of registers and spilled (a 1,136-byte frame on the 12-pixel tiles of a 1-channel
            // 3x3 kernel, which ran at 97 or 106 GFLOP/s from one process to the next, and at 106-108 column by column).
            private bool InputStationary(BlockKind block, int pixels, int rowTaps) =>
                pixels > 1 && block.Vectors >= 2 && _c.Stride < rowTaps &&
                (pixels + rowTaps) * block.Vectors + 1 <= _isa.Registers;

            // Declares the weight vectors (one set per tap of a kernel row when the tile goes column by column) and the broadcast.
            private void DeclareOperands(BlockKind block, int rowTaps)
            {
                var weights = new List<string>();
                for (int t = 0; t < rowTaps; t++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        weights.Add(rowTaps == 1 ? $"w{v}" : $"w{t}_{v}");
                    }
                }

                _w.Line($"{VF} {string.Join(", ", weights)}, xb;");
            }

            // Products of input channels [first, first + channels), kernel row by kernel row and channel by channel: the
            // row's weights for every tap are loaded once, then each input column of the row is broadcast once and
            // multiplied into every pixel of the tile whose taps reach it (pixel p, tap kx reads column p * stride + kx).
            // Each accumulator still sums its taps in order (kx ascending within a row and channel).
            private void EmitStationaryChunk(BlockKind block, int pixels, int kyLo, int kyHi, int kxLo, int kxHi, string x, string w, int first, int channels, int s, string? rowLabel)
            {
                int rowTaps = kxHi - kxLo;
                int columns = (pixels - 1) * s + rowTaps;
                for (int ky = kyLo; ky < kyHi; ky++)
                {
                    _w.Line($"// Kernel row {rowLabel ?? ky.ToString(CultureInfo.InvariantCulture)}: taps kx {kxLo}..{kxHi - 1}, input columns 0..{columns - 1} of the tile, each broadcast once per channel.");
                    for (int ci = first; ci < first + channels; ci++)
                    {
                        for (int kx = kxLo; kx < kxHi; kx++)
                        {
                            long wOffset = ((long)(ky * _c.KernelSize + kx) * _c.Channels + ci) * block.Width;
                            for (int v = 0; v < block.Vectors; v++)
                            {
                                _w.Line($"w{kx - kxLo}_{v} = {V}.LoadUnsafe(ref {w}, {wOffset + v * L});");
                            }
                        }

                        for (int column = 0; column < columns; column++)
                        {
                            var line = new System.Text.StringBuilder();
                            for (int t = 0; t < rowTaps; t++)
                            {
                                int offset = column - t;
                                if (offset < 0 || offset % s != 0 || offset / s >= pixels)
                                {
                                    continue;
                                }

                                if (line.Length == 0)
                                {
                                    long xOffset = ((long)(ky - kyLo) * _plan.InW + column) * _c.Channels + ci;
                                    line.Append($"xb = {V}.Create(Unsafe.Add(ref {x}, {xOffset}));");
                                }

                                int p = offset / s;
                                for (int v = 0; v < block.Vectors; v++)
                                {
                                    line.Append($" a{p}_{v} = {_isa.Fma}(xb, w{t}_{v}, a{p}_{v});");
                                }
                            }

                            if (line.Length > 0)
                            {
                                _w.Line(line.ToString());
                            }
                        }
                    }
                }
            }

            private void EmitProducts(BlockKind block, int pixels, string x, string w, long wOffset, Func<int, long> xOffset)
            {
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"w{v} = {V}.LoadUnsafe(ref {w}, {wOffset + v * L});");
                }

                for (int p = 0; p < pixels; p++)
                {
                    var line = new System.Text.StringBuilder();
                    line.Append($"xb = {V}.Create(Unsafe.Add(ref {x}, {xOffset(p)}));");
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        line.Append($" a{p}_{v} = {_isa.Fma}(xb, w{v}, a{p}_{v});");
                    }

                    _w.Line(line.ToString());
                }
            }

            // Bias is already in the accumulators; adds the residual (a fused Add), applies the activation and stores.
            private void EmitEpilogue(BlockKind block, int pixels, Func<int, int, long> offset)
            {
                const string target = "o";
                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        // Parenthesised: with no activation the sum is the value whose store method is called.
                        string sum = _c.Residual ? $"(a{p}_{v} + {VectorCode.Load(_isa, block, v, "r", offset(p, v))})" : $"a{p}_{v}";
                        string value = _c.Activation switch
                        {
                            ActivationNames.Relu => $"{V}.MaxNative({VF}.Zero, {sum})",
                            ActivationNames.Relu6 => $"{V}.MinNative({V}.Create(6f), {V}.MaxNative({VF}.Zero, {sum}))",
                            _ => sum,
                        };
                        bool tail = v == block.Vectors - 1 && block.TailLanes > 0;
                        if (!tail)
                        {
                            _w.Line(_stores.Store(value, target, offset(p, v)));
                        }
                        else
                        {
                            _w.Line($"{VF} t{p} = {value};");
                            VectorCode.StorePartial(_w, $"t{p}", L, block.TailLanes, target, offset(p, v));
                        }
                    }
                }
            }

            private string BiasVector(BlockKind block, int v)
            {
                if (!_c.UseBias)
                {
                    return $"{VF}.Zero";
                }

                return VectorCode.Load(_isa, block, v, "b", (long)v * L);
            }
        }
    }
}
