using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The weight-gradient family (<c>f32-conv-dw</c>): dW[tap][ci][co] = Σ over images and output pixels of
    /// x[pixel + tap][ci] · g[pixel][co]. Per tap, the valid output rows and columns are constants; a block of input
    /// channels (broadcast) × a block of output-channel vectors is held in 12 accumulators while one image's
    /// pixels stream by, each output row's columns a loop of a few columns per iteration (the row's last columns unrolled
    /// after it; <see cref="ConvPlan.WeightGradientColumnsPerIteration"/>), or unrolled whole when the row is short.
    /// </summary>
    internal sealed class ConvWeightGradientEmitter
    {
        private readonly SourceWriter _w;
        private readonly ConvPlan _plan;
        private readonly VectorIsa _isa;
        private readonly ConvGeometry _c;
        private readonly SortedDictionary<string, Action> _methods = new SortedDictionary<string, Action>(StringComparer.Ordinal);

        private ConvWeightGradientEmitter(SourceWriter w, ConvPlan plan, VectorIsa isa)
        {
            _w = w;
            _plan = plan;
            _isa = isa;
            _c = plan.Conv;
        }

        private string V => _isa.Vector;

        private string VF => _isa.VectorOfFloat;

        private int L => _isa.Lanes;

        private int Stride => _c.Stride;

        public static void Emit(SourceWriter w, ConvPlan plan, VectorIsa isa, string description, string className) =>
            new ConvWeightGradientEmitter(w, plan, isa).EmitClass(description, className);

        private void EmitClass(string description, string className)
        {
            BlockKind main = _plan.Blocks[0];
            _w.Line("/// <summary>");
            _w.Line($"/// f32-conv-dw-{_c.KernelSize}x{_c.KernelSize}s{_c.Stride}p{_c.PadTop}-{main.Pixels}x{main.Width}-{_isa.Suffix}: weight gradient of {CSharpText.Xml(description)}.");
            _w.Line($"/// Blocks of {main.Pixels} input channels x {main.Width} output channels in {main.Pixels * main.Vectors} accumulators, accumulated image by image.");
            _w.Line("/// </summary>");
            _w.Open($"private static class {className}");
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
            var taps = new List<(int Ky, int Kx, int OyLo, int OyHi, int OxLo, int OxHi)>();
            for (int ky = 0; ky < _c.KernelSize; ky++)
            {
                for (int kx = 0; kx < _c.KernelSize; kx++)
                {
                    (int oyLo, int oyHi) = Valid(ky, _plan.PadTop, _plan.InH, _plan.OutH);
                    (int oxLo, int oxHi) = Valid(kx, _plan.PadLeft, _plan.InW, _plan.OutW);
                    if (oyLo < oyHi && oxLo < oxHi)
                    {
                        taps.Add((ky, kx, oyLo, oyHi, oxLo, oxHi));
                        _w.Line($"Tap{ky}{kx}(ref xi, ref gi, ref dw);");
                    }
                }
            }

            _w.Close();
            _w.Close();
            foreach (var tap in taps)
            {
                _w.Line();
                EmitTap(tap.Ky, tap.Kx, tap.OyLo, tap.OyHi, tap.OxLo, tap.OxHi);
            }

            foreach (KeyValuePair<string, Action> method in _methods)
            {
                _w.Line();
                method.Value();
            }

            _w.Close();
        }

        // Output positions o in [lo, hi) whose input position o·s − pad + k lies inside [0, size).
        private (int Lo, int Hi) Valid(int k, int pad, int size, int outputs)
        {
            int lo = 0;
            while (lo < outputs && lo * Stride - pad + k < 0)
            {
                lo++;
            }

            int hi = lo;
            while (hi < outputs && hi * Stride - pad + k < size)
            {
                hi++;
            }

            return (lo, hi);
        }

        private void EmitTap(int ky, int kx, int oyLo, int oyHi, int oxLo, int oxHi)
        {
            int rows = oyHi - oyLo, cols = oxHi - oxLo;
            long xOrigin = ((long)(oyLo * Stride - _plan.PadTop + ky) * _plan.InW + (oxLo * Stride - _plan.PadLeft + kx)) * _c.Channels;
            long gOrigin = ((long)oyLo * _plan.OutW + oxLo) * _c.Filters;
            int tap = ky * _c.KernelSize + kx;
            _w.Line($"// Tap ({ky}, {kx}): output rows {oyLo}..{oyHi - 1}, columns {oxLo}..{oxHi - 1}.");
            _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            _w.Open($"private static void Tap{ky}{kx}(ref float x, ref float g, ref float dw)");
            foreach (BlockKind block in _plan.Blocks)
            {
                int perBlock = block.Pixels;
                int fullCi = _c.Channels / perBlock, restCi = _c.Channels % perBlock;
                foreach ((int count, int channels, int ci0) in new[] { (fullCi, perBlock, 0), (restCi > 0 ? 1 : 0, restCi, fullCi * perBlock) })
                {
                    if (count == 0)
                    {
                        continue;
                    }

                    string name = $"Block{cols}_{channels}x{block.Vectors}{(block.TailLanes > 0 ? "Tail" + block.TailLanes.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
                    Require(name, () => EmitBlock(name, block, channels, cols));
                    string? coTerm = block.Count > 1 ? $"blk * {block.Width}" : null;
                    string? ciTerm = count > 1 ? $"cb * {perBlock}" : null;
                    if (block.Count > 1)
                    {
                        _w.Open($"for (int blk = 0; blk < {block.Count}; blk++)");
                    }

                    if (count > 1)
                    {
                        _w.Open($"for (int cb = 0; cb < {count}; cb++)");
                    }

                    // dw row of (tap, ci): (tap·C + ci)·F + co.
                    string dwIndex = ciTerm is null
                        ? Expr(((long)tap * _c.Channels + ci0) * _c.Filters + block.FirstChannel, coTerm)
                        : Expr(((long)tap * _c.Channels + ci0) * _c.Filters + block.FirstChannel, $"{ciTerm} * {_c.Filters}" + (coTerm is null ? string.Empty : " + " + coTerm));
                    _w.Line($"{name}({RefAt("x", xOrigin + ci0, ciTerm)}, {RefAt("g", gOrigin + block.FirstChannel, coTerm)}, {(dwIndex == "0" ? "ref dw" : $"ref Unsafe.Add(ref dw, {dwIndex})")}, {rows});");
                    if (count > 1)
                    {
                        _w.Close();
                    }

                    if (block.Count > 1)
                    {
                        _w.Close();
                    }
                }
            }

            _w.Close();
        }

        private static string Expr(long constant, string? term) =>
            term is null ? constant.ToString(CultureInfo.InvariantCulture) : constant == 0 ? term : $"{term} + {constant}";

        private static string RefAt(string name, long constant, string? term) =>
            constant == 0 && term is null ? $"ref {name}" : $"ref Unsafe.Add(ref {name}, {Expr(constant, term)})";

        private void Require(string name, Action emit)
        {
            if (!_methods.ContainsKey(name))
            {
                _methods.Add(name, emit);
            }
        }

        // The output rows a tap reaches are a run-time count (the taps of one column differ only in it).
        private void EmitBlock(string name, BlockKind block, int channels, int cols)
        {
            int unroll = ConvPlan.WeightGradientColumnsPerIteration(channels * block.Vectors);
            bool looped = cols >= 2 * unroll;
            int rest = looped ? cols % unroll : cols, loopedCols = cols - rest;
            long xCol = (long)Stride * _c.Channels;
            long xRow = (long)Stride * _plan.InW * _c.Channels, gRow = (long)_plan.OutW * _c.Filters;
            _w.Line(looped
                ? $"// {channels} input channel(s) x {block.Width} output channels over rows output row(s) x {cols} column(s), {unroll} columns per iteration{(rest > 0 ? $", the last {rest} unrolled" : string.Empty)}."
                : $"// {channels} input channel(s) x {block.Width} output channels over rows output row(s) x {cols} column(s), columns unrolled.");
            _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            _w.Open($"private static void {name}(ref float x, ref float g, ref float dw, int rows)");
            for (int p = 0; p < channels; p++)
            {
                var parts = new List<string>();
                for (int v = 0; v < block.Vectors; v++)
                {
                    parts.Add($"a{p}_{v} = {VectorCode.Load(_isa, block, v, "dw", (long)p * _c.Filters + v * L)}");
                }

                _w.Line($"{VF} {string.Join(", ", parts)};");
            }

            var gs = new List<string>();
            for (int v = 0; v < block.Vectors; v++)
            {
                gs.Add($"g{v}");
            }

            _w.Line($"{VF} {string.Join(", ", gs)}, xb;");
            _w.Open("for (int r = 0; r < rows; r++)");
            _w.Line($"ref float xr = ref Unsafe.Add(ref x, (nint)r * {xRow});");
            _w.Line($"ref float gr = ref Unsafe.Add(ref g, (nint)r * {gRow});");
            if (looped)
            {
                _w.Open($"for (int col = 0; col < {loopedCols}; col += {unroll})");
                _w.Line($"ref float xc = ref Unsafe.Add(ref xr, (nint)col * {xCol});");
                _w.Line($"ref float gc = ref Unsafe.Add(ref gr, (nint)col * {_c.Filters});");
                for (int col = 0; col < unroll; col++)
                {
                    EmitColumn(block, channels, col * xCol, (long)col * _c.Filters, "xc", "gc");
                }

                _w.Close();
            }

            for (int col = loopedCols; col < cols; col++)
            {
                EmitColumn(block, channels, col * xCol, (long)col * _c.Filters, "xr", "gr");
            }

            _w.Close();
            for (int p = 0; p < channels; p++)
            {
                for (int v = 0; v < block.Vectors; v++)
                {
                    long offset = (long)p * _c.Filters + v * L;
                    if (v == block.Vectors - 1 && block.TailLanes > 0)
                    {
                        VectorCode.StorePartial(_w, $"a{p}_{v}", L, block.TailLanes, "dw", offset);
                    }
                    else
                    {
                        _w.Line($"a{p}_{v}.StoreUnsafe(ref dw, {offset});");
                    }
                }
            }

            _w.Close();
        }

        private void EmitColumn(BlockKind block, int channels, long xOffset, long gOffset, string xRef, string gRef)
        {
            for (int v = 0; v < block.Vectors; v++)
            {
                _w.Line($"g{v} = {VectorCode.Load(_isa, block, v, gRef, gOffset + v * L)};");
            }

            for (int p = 0; p < channels; p++)
            {
                var line = new StringBuilder($"xb = {V}.Create(Unsafe.Add(ref {xRef}, {xOffset + p}));");
                for (int v = 0; v < block.Vectors; v++)
                {
                    line.Append($" a{p}_{v} = {_isa.Fma}(xb, g{v}, a{p}_{v});");
                }

                _w.Line(line.ToString());
            }
        }

    }
}
