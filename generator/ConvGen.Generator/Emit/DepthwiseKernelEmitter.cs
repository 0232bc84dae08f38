using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvGen.Generator.Model;

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
        public static void EmitMembers(SourceWriter w, ConvModel conv, string owner, string description, bool backwardData, bool inferenceOnly = false)
        {
            ConvGeometry forward = ConvGeometry.Forward(conv);
            ConvGeometry data = ConvGeometry.BackwardData(conv);
            // One packed layout serves both widths: rows padded to whole 512-bit vectors are whole 256-bit vectors too.
            int rowLanes = VectorIsa.Avx512.Lanes;
            int row = (conv.Channels + rowLanes - 1) / rowLanes * rowLanes;
            int taps = conv.KernelSize * conv.KernelSize;
            int scratch = conv.Stride == 1 ? 0 : data.Height * data.Width * data.Channels;
            ConvKernelEmitter.EmitShapeConstants(w, conv);
            w.Line("/// <summary>Floats in the weights, <c>[ky][kx][c]</c> (Keras's depthwise kernel).</summary>");
            w.Line($"public const int WeightLength = {conv.WeightCount};");
            w.Line("/// <summary>Floats the packed rows are padded to a multiple of (a 512-bit vector; two 256-bit ones).</summary>");
            w.Line($"public const int VectorLanes = {rowLanes};");
            w.Line("/// <summary>Floats per tap in the packed weights: the channels padded to whole vectors.</summary>");
            w.Line($"public const int PackedRowLength = {row};");
            w.Line("/// <summary>Floats in the packed weights.</summary>");
            w.Line($"public const int PackedWeightLength = {taps * row};");
            w.Line();
            w.Line("/// <summary>The convolution this kernel computes.</summary>");
            w.Line($"public static Conv2DShape Shape => new Conv2DShape({conv.Height}, {conv.Width}, {conv.Channels}, {conv.Filters}, {conv.KernelSize}, {conv.Stride}, {(conv.Same ? "Padding.Same" : "Padding.Valid")}, {conv.ActivationSource}, {(conv.UseBias ? "true" : "false")}, Depthwise: true);");
            w.Line();
            w.Line("/// <summary>The kernel as an <see cref=\"IConv2DKernel\"/>.</summary>");
            w.Line("public static IConv2DKernel Kernel { get; } = new KernelInstance();");
            w.Line();
            w.Line("/// <summary>Packs <c>[ky][kx][c]</c> weights into vector-padded rows.</summary>");
            w.Open("public static void PackWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed)");
            w.Line("DepthwiseWeightPacking.Pack(weightsHwio, packed, KernelSize * KernelSize, InputChannels, VectorLanes, flip: false);");
            w.Close();
            w.Line();
            w.Line($"/// <summary>{description.Replace(">", "&gt;")}: <paramref name=\"batch\"/> NHWC images in, NHWC images out.</summary>");
            w.Open("public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)");
            w.Line("KernelArguments.CheckConvolution(Shape, input.Length, packedWeights.Length, PackedWeightLength, bias.Length, output.Length, batch);");
            ConvKernelEmitter.EmitDispatch(w, isa => $"{isa.ClassName}.Run(input, packedWeights, bias, output, batch);",
                "GenericDepthwiseConv2D.Forward(Shape, input, packedWeights, PackedRowLength, bias, output, batch);");
            w.Close();
            w.Line();
            ConvKernelEmitter.EmitKernelInstance(w, owner, backwardData, inferenceOnly);
            if (inferenceOnly)
            {
                foreach (VectorIsa isa in VectorIsa.All)
                {
                    w.Line();
                    new DirectWriter(w, ConvPlan.Create(forward, isa), isa, row, isa.ClassName, description, "f32-dwconv").Emit();
                }

                return;
            }

            w.Line();
            w.Line("/// <summary>Whether <c>BackwardData</c> computes the input gradient (a network's first layer needs none).</summary>");
            w.Line($"public const bool HasBackwardData = {(backwardData ? "true" : "false")};");
            if (backwardData)
            {
                w.Line("/// <summary>Floats in the packed backward-data weights (the kernel flipped).</summary>");
                w.Line("public const int BackwardDataPackedWeightLength = PackedWeightLength;");
                w.Line("/// <summary>Floats of scratch <c>BackwardData</c> needs: one zero-upsampled gradient image at stride 2, else 0.</summary>");
                w.Line($"public const int BackwardDataScratchLength = {scratch};");
            }

            w.Line();
            w.Line("/// <summary>In place, the pre-activation gradient from the output gradient, and the bias gradient, in one pass.</summary>");
            w.Open("public static void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch)");
            w.Line("KernelArguments.CheckActivationGradient(Shape, output.Length, gradOutput.Length, gradBias.Length, batch);");
            w.Line($"Conv2DGradients.ActivationAndBias(output, gradOutput, gradBias, batch * {(long)conv.OutputHeight * conv.OutputWidth}, Filters, {conv.ActivationSource}, bias: {(conv.UseBias ? "true" : "false")});");
            w.Close();
            w.Line();
            w.Line("/// <summary>The <c>[ky][kx][c]</c> weight gradient summed over the batch (overwrites <paramref name=\"gradWeights\"/>).</summary>");
            w.Open("public static void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)");
            w.Line("KernelArguments.CheckWeightGradient(Shape, input.Length, gradOutput.Length, gradWeights.Length, batch);");
            w.Line("gradWeights.Slice(0, WeightLength).Clear();");
            ConvKernelEmitter.EmitDispatch(w, isa => $"{isa.Class("WeightGradientKernel")}.Run(input, gradOutput, gradWeights, batch);",
                "GenericDepthwiseConv2D.BackwardWeights(Shape, input, gradOutput, gradWeights, batch);");
            w.Close();
            if (backwardData)
            {
                w.Line();
                w.Line("/// <summary>Packs the weights flipped, as <c>BackwardData</c> reads them.</summary>");
                w.Open("public static void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed)");
                w.Line("DepthwiseWeightPacking.Pack(weightsHwio, packed, KernelSize * KernelSize, InputChannels, VectorLanes, flip: true);");
                w.Close();
                w.Line();
                w.Line("/// <summary>The gradient with respect to the input (overwrites <paramref name=\"gradInput\"/>).</summary>");
                w.Open("public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch)");
                w.Line("KernelArguments.CheckDataGradient(Shape, gradOutput.Length, packedBackwardWeights.Length, BackwardDataPackedWeightLength, gradInput.Length, scratch.Length, BackwardDataScratchLength, batch);");
                ConvKernelEmitter.EmitDispatch(w, isa => scratch == 0
                        ? $"{isa.Class("BackwardDataKernel")}.Run(gradOutput, packedBackwardWeights, default, gradInput, batch);"
                        : $"UpsampledBackwardData(gradOutput, packedBackwardWeights, gradInput, scratch, batch, wide: {(isa == VectorIsa.Avx512 ? "true" : "false")});",
                    "GenericDepthwiseConv2D.BackwardData(Shape, gradOutput, packedBackwardWeights, PackedRowLength, gradInput, batch);");
                w.Close();
                if (scratch != 0)
                {
                    ConvKernelEmitter.EmitUpsampledBackwardData(w);
                }

                foreach (VectorIsa isa in VectorIsa.All)
                {
                    w.Line();
                    new DirectWriter(w, ConvPlan.Create(data, isa), isa, row, isa.Class("BackwardDataKernel"), $"input gradient of {description}", "f32-dwconv-dx").Emit();
                }
            }

            foreach (VectorIsa isa in VectorIsa.All)
            {
                w.Line();
                new DirectWriter(w, ConvPlan.Create(forward, isa), isa, row, isa.ClassName, description, "f32-dwconv").Emit();
                w.Line();
                new WeightGradientWriter(w, ConvPlan.Create(forward, isa), isa, description).Emit();
            }
        }

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
            }

            private string BiasParam => _c.UseBias ? "ref float b, " : string.Empty;

            public void Emit()
            {
                BlockKind main = _plan.Blocks[0];
                _w.Line("/// <summary>");
                _w.Line($"/// {_family}-{_c.KernelSize}x{_c.KernelSize}s{_c.Stride}p{_c.PadTop}-{main.Pixels}x{main.Width}-{_isa.Suffix}: {_description.Replace(">", "&gt;")}.");
                _w.Line($"/// Tiles of {main.Pixels} output pixels x {main.Width} channels in {main.Pixels * main.Vectors} {_isa.Vector} accumulators; all taps unrolled.");
                _w.Line("/// </summary>");
                _w.Open($"private static class {_className}");
                _w.Line($"private const int InputImageLength = {(long)_c.Height * _c.Width * _c.Channels};");
                _w.Line($"private const int OutputImageLength = {(long)_c.OutputHeight * _c.OutputWidth * _c.Filters};");
                _w.Line();
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)");
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
                        _w.Line($"Row{r}({args}, {row.Start});");
                    }
                    else
                    {
                        _w.Open($"for (int oy = {row.Start}; oy < {row.End}; oy++)");
                        _w.Line($"Row{r}({args}, oy);");
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
                _w.Open($"private static void Row{r}(ref float x, ref float w, {BiasParam}ref float o, int oy)");
                string firstRow = (_c.Stride == 1 ? "oy" : $"oy * {_c.Stride}") + (_plan.PadTop > 0 ? $" - {_plan.PadTop}" : string.Empty);
                _w.Line($"nint xRow = (nint){(firstRow == "oy" ? "oy" : $"({firstRow})")} * {_plan.InW * cin};");
                _w.Line($"nint oRow = (nint)oy * {_plan.OutW * _c.Filters};");
                long rowFloats = (long)_plan.InW * cin;
                if ((long)_c.Height * rowFloats >= PrefetchImageFloats)
                {
                    _w.Line("// The next output row's new input row(s) and its output row, asked for now so they arrive while this row computes.");
                    _w.Line($"KernelPrefetch.ToL2(ref x, xRow + {_c.KernelSize * rowFloats}, {_c.Stride * rowFloats}, InputImageLength);");
                    _w.Line($"KernelPrefetch.ToL2(ref o, oRow + {(long)_plan.OutW * _c.Filters}, {(long)_plan.OutW * _c.Filters}, OutputImageLength);");
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

            // Images of at least this many floats (1 MB, an L2) get the next rows prefetched: smaller ones stay cached.
            private const long PrefetchImageFloats = 1L << 18;

            // Whether a row is walked tile by tile through every block of channels: more than one block, one tile size.
            private bool PixelsOuter
            {
                get
                {
                    int blocks = 0;
                    foreach (BlockKind block in _plan.Blocks)
                    {
                        blocks += block.Count;
                        if (block.Pixels != _plan.Blocks[0].Pixels)
                        {
                            return false;
                        }
                    }

                    return blocks > 1;
                }
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
                string name = $"Tile{pixels}x{block.Vectors}{(block.TailLanes > 0 ? "Tail" + block.TailLanes.ToString(CultureInfo.InvariantCulture) : string.Empty)}_{Range("Ky", row.KyLo, row.KyHi)}_{Range("Kx", kxLo, kxHi)}";
                _w.Line($"{name}(ref Unsafe.Add(ref x, {xIndex}), ref wb, {(_c.UseBias ? "ref bb, " : string.Empty)}ref Unsafe.Add(ref o, {oIndex}));");
                if (!_methods.ContainsKey(name))
                {
                    _methods.Add(name, () => EmitTileMethod(name, block, pixels, row.KyLo, row.KyHi, kxLo, kxHi));
                }
            }

            private void EmitTileMethod(string name, BlockKind block, int pixels, int kyLo, int kyHi, int kxLo, int kxHi)
            {
                string vf = _isa.VectorOfFloat;
                _w.Line($"// {pixels} pixel(s) x {block.Width} channels; taps ky {kyLo}..{kyHi - 1} x kx {kxLo}..{kxHi - 1}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}(ref float x, ref float w, {BiasParam}ref float o)");
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

                var weights = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    weights.Add($"w{v}");
                }

                if (kyHi > kyLo && kxHi > kxLo)
                {
                    _w.Line($"{vf} {string.Join(", ", weights)};");
                }

                for (int ky = kyLo; ky < kyHi; ky++)
                {
                    for (int kx = kxLo; kx < kxHi; kx++)
                    {
                        int tap = ky * _c.KernelSize + kx;
                        _w.Line($"// Tap ({ky}, {kx}).");
                        for (int v = 0; v < block.Vectors; v++)
                        {
                            _w.Line($"w{v} = {_isa.Vector}.LoadUnsafe(ref w, {(long)tap * _row + v * _isa.Lanes});");
                        }

                        for (int p = 0; p < pixels; p++)
                        {
                            var line = new StringBuilder();
                            long pixel = ((long)(ky - kyLo) * _plan.InW + (kx - kxLo) + (long)p * _c.Stride) * _c.Channels;
                            for (int v = 0; v < block.Vectors; v++)
                            {
                                line.Append($"{(v > 0 ? " " : string.Empty)}a{p}_{v} = {_isa.Fma}({VectorCode.Load(_isa, block, v, "x", pixel + v * _isa.Lanes)}, w{v}, a{p}_{v});");
                            }

                            _w.Line(line.ToString());
                        }
                    }
                }

                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < block.Vectors; v++)
                    {
                        string value = _c.Activation switch
                        {
                            ActivationNames.Relu => $"{_isa.Vector}.MaxNative(a{p}_{v}, {vf}.Zero)",
                            ActivationNames.Relu6 => $"{_isa.Vector}.MinNative({_isa.Vector}.MaxNative(a{p}_{v}, {vf}.Zero), {_isa.Vector}.Create(6f))",
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
                            _w.Line($"{value}.StoreUnsafe(ref o, {offset});");
                        }
                    }
                }

                _w.Close();
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
            private readonly SortedDictionary<string, Action> _methods = new SortedDictionary<string, Action>(StringComparer.Ordinal);

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
                _w.Line($"/// f32-dwconv-dw-{_c.KernelSize}x{_c.KernelSize}s{_c.Stride}p{_c.PadTop}-{_isa.Suffix}: weight gradient of {_description.Replace(">", "&gt;")}; two accumulator sets per channel block, image by image.");
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
                var taps = new List<(int, int, int, int, int, int)>();
                for (int ky = 0; ky < _c.KernelSize; ky++)
                {
                    for (int kx = 0; kx < _c.KernelSize; kx++)
                    {
                        (int oyLo, int oyHi) = Valid(ky, _plan.PadTop, _c.Height, _c.OutputHeight);
                        (int oxLo, int oxHi) = Valid(kx, _plan.PadLeft, _c.Width, _c.OutputWidth);
                        if (oyLo < oyHi && oxLo < oxHi)
                        {
                            taps.Add((ky, kx, oyLo, oyHi, oxLo, oxHi));
                            _w.Line($"Tap{ky}{kx}(ref xi, ref gi, ref dw);");
                        }
                    }
                }

                _w.Close();
                _w.Close();
                foreach (var (ky, kx, oyLo, oyHi, oxLo, oxHi) in taps)
                {
                    _w.Line();
                    EmitTap(ky, kx, oyLo, oyHi, oxLo, oxHi);
                }

                foreach (KeyValuePair<string, Action> method in _methods)
                {
                    _w.Line();
                    method.Value();
                }

                _w.Close();
            }

            private (int Lo, int Hi) Valid(int k, int pad, int size, int outputs)
            {
                int lo = 0;
                while (lo < outputs && lo * _c.Stride - pad + k < 0)
                {
                    lo++;
                }

                int hi = lo;
                while (hi < outputs && hi * _c.Stride - pad + k < size)
                {
                    hi++;
                }

                return (lo, hi);
            }

            private void EmitTap(int ky, int kx, int oyLo, int oyHi, int oxLo, int oxHi)
            {
                int rows = oyHi - oyLo, cols = oxHi - oxLo, c = _c.Channels;
                long xOrigin = ((long)(oyLo * _c.Stride - _plan.PadTop + ky) * _c.Width + (oxLo * _c.Stride - _plan.PadLeft + kx)) * c;
                long gOrigin = ((long)oyLo * _c.OutputWidth + oxLo) * c;
                int tap = ky * _c.KernelSize + kx;
                _w.Line($"// Tap ({ky}, {kx}): output rows {oyLo}..{oyHi - 1}, columns {oxLo}..{oxHi - 1}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void Tap{ky}{kx}(ref float x, ref float g, ref float dw)");
                foreach (BlockKind block in _plan.Blocks)
                {
                    string name = $"Block{rows}x{cols}_{block.Vectors}{(block.TailLanes > 0 ? "Tail" + block.TailLanes.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
                    if (!_methods.ContainsKey(name))
                    {
                        _methods.Add(name, () => EmitBlock(name, block, rows, cols));
                    }

                    string c0 = block.Count > 1 ? $"{(block.FirstChannel == 0 ? string.Empty : block.FirstChannel + " + ")}blk * {block.Width}" : block.FirstChannel.ToString(CultureInfo.InvariantCulture);
                    if (block.Count > 1)
                    {
                        _w.Open($"for (int blk = 0; blk < {block.Count}; blk++)");
                    }

                    _w.Line($"{name}(ref Unsafe.Add(ref x, {xOrigin} + {c0}), ref Unsafe.Add(ref g, {gOrigin} + {c0}), ref Unsafe.Add(ref dw, {(long)tap * c} + {c0}));");
                    if (block.Count > 1)
                    {
                        _w.Close();
                    }
                }

                _w.Close();
            }

            private void EmitBlock(string name, BlockKind block, int rows, int cols)
            {
                string vf = _isa.VectorOfFloat;
                int c = _c.Channels;
                bool unroll = (long)cols * block.Vectors <= ConvPlan.FmaBudget;
                _w.Line($"// {block.Width} channels over {rows} row(s) x {cols} column(s){(unroll ? ", columns unrolled" : string.Empty)}.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open($"private static void {name}(ref float x, ref float g, ref float dw)");
                for (int v = 0; v < block.Vectors; v++)
                {
                    _w.Line($"{vf} a{v} = {VectorCode.Load(_isa, block, v, "dw", (long)v * _isa.Lanes)}, e{v} = {vf}.Zero;");
                }

                _w.Open($"for (int r = 0; r < {rows}; r++)");
                _w.Line($"ref float xr = ref Unsafe.Add(ref x, (nint)r * {(long)_c.Stride * _c.Width * c});");
                _w.Line($"ref float gr = ref Unsafe.Add(ref g, (nint)r * {(long)_c.OutputWidth * c});");
                if (unroll)
                {
                    for (int col = 0; col < cols; col++)
                    {
                        EmitColumn(block, (long)col * _c.Stride * c, (long)col * c, "xr", "gr", col % 2 == 0 ? "a" : "e");
                    }
                }
                else
                {
                    _w.Open($"for (int col = 0; col < {cols}; col++)");
                    _w.Line($"ref float xc = ref Unsafe.Add(ref xr, (nint)col * {_c.Stride * c});");
                    _w.Line($"ref float gc = ref Unsafe.Add(ref gr, (nint)col * {c});");
                    EmitColumn(block, 0, 0, "xc", "gc", "a");
                    _w.Close();
                }

                _w.Close();
                for (int v = 0; v < block.Vectors; v++)
                {
                    if (v == block.Vectors - 1 && block.TailLanes > 0)
                    {
                        _w.Line($"{vf} t{v} = a{v} + e{v};");
                        VectorCode.StorePartial(_w, $"t{v}", _isa.Lanes, block.TailLanes, "dw", (long)v * _isa.Lanes);
                    }
                    else
                    {
                        _w.Line($"(a{v} + e{v}).StoreUnsafe(ref dw, {v * _isa.Lanes});");
                    }
                }

                _w.Close();
            }

            private void EmitColumn(BlockKind block, long xOffset, long gOffset, string xRef, string gRef, string accumulator)
            {
                var line = new StringBuilder();
                for (int v = 0; v < block.Vectors; v++)
                {
                    line.Append($"{(v > 0 ? " " : string.Empty)}{accumulator}{v} = {_isa.Fma}({VectorCode.Load(_isa, block, v, xRef, xOffset + v * _isa.Lanes)}, {VectorCode.Load(_isa, block, v, gRef, gOffset + v * _isa.Lanes)}, {accumulator}{v});");
                }

                _w.Line(line.ToString());
            }
        }
    }
}
