using System;
using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The template of the Winograd F(2×2, 3×3) family: per vector width, a nested class with the input transform
    /// (Bᵀ d B, vectorised over NHWC channels), the band loop calling a generated 1×1 product kernel once per point ξ,
    /// and the output transform (Aᵀ M A) with the bias, the activation and the store of up to 2×2 pixels per tile.
    /// The transforms' coefficients (0, ±1) are written into the code as additions and subtractions.
    /// </summary>
    internal static class WinogradEmitter
    {
        /// <summary>The forward pass's kind of Winograd classes; the input gradient's is <see cref="BackwardData"/>.</summary>
        public const string Forward = "Winograd";

        /// <summary>The input gradient's kind of Winograd classes.</summary>
        public const string BackwardData = "BackwardDataWinograd";

        /// <summary>The weight gradient's kind of Winograd classes.</summary>
        public const string WeightGradient = "WeightGradientWinograd";

        /// <summary>The nested class of one width's Winograd kernel (<c>Avx512WinogradKernel</c>, <c>Avx512BackwardDataWinogradKernel</c>).</summary>
        public static string ClassName(VectorIsa isa, string kind = Forward) => isa.Class(kind + "Kernel");

        /// <summary>The nested class of one width's 1×1 product kernel.</summary>
        public static string ProductClassName(VectorIsa isa, string kind = Forward) => isa.Class(kind + "ProductKernel");

        // The order the widths' U follow the direct layouts in a packed buffer: 256-bit, then 512-bit.
        private static readonly VectorIsa[] PackingOrder = { VectorIsa.Avx2, VectorIsa.Avx512 };

        /// <summary>
        /// Writes one width's branch of a Winograd kernel's dispatch: <paramref name="winogradCall"/> unless
        /// <c>KernelDispatch.ForceDirect()</c> or <c>DisableWinograd</c> is in effect, else <paramref name="directCall"/>.
        /// </summary>
        public static void EmitChoice(SourceWriter w, string winogradCall, string directCall)
        {
            w.Open("if (KernelDispatch.WinogradEnabled)");
            w.Line(winogradCall);
            w.Close();
            w.Open("else");
            w.Line(directCall);
            w.Close();
        }

        /// <summary>The owner-class constant naming one width's packed U length.</summary>
        public static string PackedLengthName(VectorIsa isa, string kind = Forward) => isa.Prefix + kind + "PackedLength";

        /// <summary>
        /// Writes the owner's constants for the transformed weights (after the direct layouts); <paramref name="conv"/>
        /// is the geometry the Winograd kernel computes (for the input gradient, the backward-data convolution).
        /// </summary>
        public static void EmitConstants(SourceWriter w, ConvModel conv, string kind = Forward)
        {
            foreach (VectorIsa isa in PackingOrder)
            {
                WinogradPlan plan = WinogradPlan.Create(conv, isa);
                string what = kind == Forward ? "U = G g Gᵀ" : "U = G g' Gᵀ of the flipped, transposed kernel g'";
                w.Line($"/// <summary>Floats of the {isa.Lanes * 32}-bit {(kind == Forward ? "kernel" : "input-gradient kernel")}'s Winograd weights {what}: 16 points × {plan.PaddedChannels} channels × {conv.Filters} filters, packed for its 1×1 product kernel.</summary>");
                w.Line($"public const int {PackedLengthName(isa, kind)} = {plan.PackedWeightLength};");
            }
        }

        /// <summary>Writes the lines that transform and pack U for both widths, after <paramref name="directLength"/> floats of direct layouts.</summary>
        public static void EmitPacking(SourceWriter w, ConvModel conv, string directLength, string kind = Forward)
        {
            string offset = directLength;
            string method = kind == Forward ? "WinogradWeights.Pack" : "WinogradWeights.PackFlippedTransposed";
            foreach (VectorIsa isa in PackingOrder)
            {
                WinogradPlan plan = WinogradPlan.Create(conv, isa);
                w.Line($"{method}(weightsHwio, packed.Slice({offset}, {PackedLengthName(isa, kind)}), InputChannels, Filters, {plan.PaddedChannels}, {plan.Gemm.BlockWidth}, {isa.Lanes});");
                offset += " + " + PackedLengthName(isa, kind);
            }
        }

        /// <summary>A width's U inside a packed buffer: after the direct layouts, the 256-bit U then the 512-bit U.</summary>
        public static string PackedSlice(VectorIsa isa, string buffer, string directLength, string kind = Forward) =>
            isa == VectorIsa.Avx2
                ? $"{buffer}.Slice({directLength}, {PackedLengthName(VectorIsa.Avx2, kind)})"
                : $"{buffer}.Slice({directLength} + {PackedLengthName(VectorIsa.Avx2, kind)}, {PackedLengthName(VectorIsa.Avx512, kind)})";

        /// <summary>Writes one width's Winograd class and its 1×1 product kernel.</summary>
        public static void EmitKernel(SourceWriter w, ConvModel conv, VectorIsa isa, string description, string kind = Forward)
        {
            WinogradPlan plan = kind == WeightGradient ? WinogradPlan.CreateGradient(conv, isa) : WinogradPlan.Create(conv, isa);
            new Writer(w, plan, description, kind).Emit();
            w.Line();
            if (kind == WeightGradient)
            {
                ConvWeightGradientEmitter.Emit(w, plan.GradientGemm, isa,
                    $"Winograd products of one point ξ: dU[ξ] += V[ξ]ᵀ dM[ξ] over a band of {plan.BandTiles} tiles ({plan.PaddedChannels} transformed input channels x {conv.Filters} filters)",
                    ProductClassName(isa, kind));
                return;
            }

            ConvKernelEmitter.EmitDirectKernel(w, plan.Gemm, isa,
                $"Winograd products of one point ξ: {plan.Gemm.Conv.Width} tiles x {plan.PaddedChannels} transformed input channels times U[ξ] ({plan.PaddedChannels} x {conv.Filters})",
                ProductClassName(isa, kind), "f32-winograd-gemm");
        }

        private sealed class Writer
        {
            private readonly SourceWriter _w;
            private readonly WinogradPlan _plan;
            private readonly ConvModel _c;
            private readonly VectorIsa _isa;
            private readonly string _description;
            private readonly string _kind;

            public Writer(SourceWriter w, WinogradPlan plan, string description, string kind)
            {
                _kind = kind;
                _w = w;
                _plan = plan;
                _c = plan.Conv;
                _isa = plan.Isa;
                _description = description;
            }

            private string V => _isa.Vector;

            private string VF => _isa.VectorOfFloat;

            private int L => _isa.Lanes;

            // Channels and filters in whole vectors; the rest (8 of 16 lanes) is read and written as a 256-bit half.
            private int FullChannels => _c.Channels / L * L;

            private int FullFilters => _c.Filters / L * L;

            public void Emit()
            {
                string ratio = WinogradPlan.ProductRatio(_c).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                _w.Line("/// <summary>");
                if (Gradient)
                {
                    _w.Line($"/// f32-winograd-dw-2x2-3x3s1p{_c.PadTop}-{_isa.Suffix}: weight gradient of {Xml(_description)} as Winograd F(2x2, 3x3). Each image is");
                    _w.Line($"/// {_plan.TilesDown}x{_plan.TilesAcross} tiles of 2x2 output pixels; the batch's tiles run in bands of {_plan.BandTiles}: input transform V = Bᵀ d B,");
                    _w.Line($"/// output-gradient transform dM = A dY Aᵀ, 16 products dU[ξ] += V[ξ]ᵀ dM[ξ] ({ProductClassName(_isa, _kind)}); after the last band");
                    _w.Line($"/// dg = Gᵀ dU G (WinogradWeights.GradientToHwio). Winograd products / direct products = {ratio}.");
                }
                else
                {
                    _w.Line($"/// f32-winograd-2x2-3x3s1p{_c.PadTop}-{_isa.Suffix}: {Xml(_description)} as Winograd F(2x2, 3x3). Each image is {_plan.TilesDown}x{_plan.TilesAcross}");
                    _w.Line($"/// tiles of 2x2 output pixels; the batch's tiles run in bands of {_plan.BandTiles}: input transform V = Bᵀ d B, 16 products V[ξ]·U[ξ]");
                    _w.Line($"/// ({ProductClassName(_isa, _kind)}), output transform Aᵀ M A + bias{ActivationNames.Suffix(_c.Activation)}. Winograd products / direct products = {ratio}.");
                }

                _w.Line("/// </summary>");
                _w.Open($"private static class {ClassName(_isa, _kind)}");
                Const("InputHeight", _c.Height);
                Const("InputWidth", _c.Width);
                Const("Channels", _c.Channels);
                _w.Line(Gradient ? "/// <summary>Channels of V: the input's, rounded up to whole vectors (those rows of dU are not used).</summary>" : "/// <summary>Channels of V: the input's, rounded up to whole vectors (U is zero there).</summary>");
                Const("PaddedChannels", _plan.PaddedChannels);
                Const("Filters", _c.Filters);
                Const("OutputHeight", _c.OutputHeight);
                Const("OutputWidth", _c.OutputWidth);
                _w.Line(Gradient ? "/// <summary>Floats between output-gradient pixels (the gradient is dense).</summary>" : "/// <summary>Floats between output pixels.</summary>");
                Const("OutputPixelStride", Gradient ? _c.Filters : _c.OutputPixelStride);
                Const("PadTop", _c.PadTop);
                Const("PadLeft", _c.PadLeft);
                Const("InputImageLength", (long)_c.Height * _c.Width * _c.Channels);
                Const("OutputImageLength", (long)_c.OutputHeight * _c.OutputWidth * (Gradient ? _c.Filters : _c.OutputPixelStride));
                Const("TilesAcross", _plan.TilesAcross);
                Const("TilesPerImage", _plan.TilesPerImage);
                _w.Line(Gradient ? "/// <summary>Tiles per band: the product kernel's image.</summary>" : "/// <summary>Tiles per band: V and M of a band stay in L2.</summary>");
                Const("BandTiles", _plan.BandTiles);
                if (!Gradient)
                {
                    _w.Line("/// <summary>Tiles per call of the product kernel (its image).</summary>");
                    Const("ChunkTiles", WinogradPlan.ChunkTiles);
                }

                Const("PointInputLength", (long)_plan.BandTiles * _plan.PaddedChannels);
                Const("PointProductLength", (long)_plan.BandTiles * _c.Filters);
                if (!Gradient)
                {
                    Const("PointWeightLength", _plan.PointWeightLength);
                }
                if (Gradient)
                {
                    _w.Line("/// <summary>Floats of one point's dU (padded channels × filters).</summary>");
                    Const("PointGradientLength", (long)_plan.PaddedChannels * _c.Filters);
                    _w.Line("/// <summary>Floats of V and dM for one band, then dU.</summary>");
                    Const("ScratchLength", _plan.ScratchLength + _plan.GradientULength);
                }
                else
                {
                    _w.Line("/// <summary>Floats of V and M for one band (M has one spare vector at its end).</summary>");
                    Const("ScratchLength", _plan.ScratchLength);
                }

                _w.Line();
                if (Gradient)
                {
                    EmitGradientRun();
                }
                else
                {
                    EmitRun();
                }

                _w.Line();
                EmitTransformInput();
                _w.Line();
                EmitInputTile(border: false);
                _w.Line();
                EmitInputTile(border: true);
                _w.Line();
                if (Gradient)
                {
                    EmitTransformGradient();
                    _w.Line();
                    EmitGradientTile();
                }
                else
                {
                    EmitTransformOutput();
                    _w.Line();
                    EmitOutputTile(edge: false);
                    _w.Line();
                    EmitOutputTile(edge: true);
                }

                _w.Line();
                _w.Line("// One input vector of pixel (iy, ix), zero outside the image (the padding).");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                _w.Line($"private static {VF} Load(ref float x, int iy, int ix, nuint c) =>");
                _w.Line($"    (uint)iy < InputHeight && (uint)ix < InputWidth ? {V}.LoadUnsafe(ref x, (nuint)(((nint)iy * InputWidth + ix) * Channels) + c) : {VF}.Zero;");
                if (FullChannels < _c.Channels)
                {
                    _w.Line();
                    _w.Line($"// The last {_c.Channels - FullChannels} channels of pixel (iy, ix) in the low half of a vector, zero outside the image.");
                    _w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                    _w.Line($"private static {VF} LoadHalf(ref float x, int iy, int ix, nuint c) =>");
                    _w.Line($"    (uint)iy < InputHeight && (uint)ix < InputWidth ? Vector256.LoadUnsafe(ref x, (nuint)(((nint)iy * InputWidth + ix) * Channels) + c).ToVector512() : {VF}.Zero;");
                }

                _w.Close();
            }

            private void Const(string name, long value) => _w.Line($"private const int {name} = {value};");

            private bool Gradient => _kind == WeightGradient;

            private void EmitGradientRun()
            {
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)");
                _w.Line("Span<float> scratch = WinogradScratch.Get(ScratchLength);");
                _w.Line("Span<float> v = scratch.Slice(0, 16 * PointInputLength);");
                _w.Line("Span<float> m = scratch.Slice(16 * PointInputLength, 16 * PointProductLength);");
                _w.Line("Span<float> u = scratch.Slice(16 * (PointInputLength + PointProductLength), 16 * PointGradientLength);");
                _w.Line("u.Clear();");
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                _w.Line("ref float g = ref MemoryMarshal.GetReference(gradOutput);");
                _w.Line("int tiles = batch * TilesPerImage;");
                _w.Open("for (int first = 0; first < tiles; first += BandTiles)");
                _w.Line("int count = Math.Min(BandTiles, tiles - first);");
                _w.Line("TransformInput(ref x, ref MemoryMarshal.GetReference(v), first, count);");
                _w.Line("TransformGradient(ref g, ref MemoryMarshal.GetReference(m), first, count);");
                _w.Open("if (count < BandTiles)");
                _w.Line("// The band's unused tiles add nothing: zero in both factors.");
                _w.Open("for (int point = 0; point < 16; point++)");
                _w.Line("v.Slice(point * PointInputLength + count * PaddedChannels, (BandTiles - count) * PaddedChannels).Clear();");
                _w.Line("m.Slice(point * PointProductLength + count * Filters, (BandTiles - count) * Filters).Clear();");
                _w.Close();
                _w.Close();
                _w.Open("for (int point = 0; point < 16; point++)");
                _w.Line($"{ProductClassName(_isa, _kind)}.Run(v.Slice(point * PointInputLength, PointInputLength), m.Slice(point * PointProductLength, PointProductLength), u.Slice(point * PointGradientLength, PointGradientLength), 1);");
                _w.Close();
                _w.Close();
                _w.Line("WinogradWeights.GradientToHwio(u, gradWeights, Channels, PaddedChannels, Filters);");
                _w.Close();
            }

            private void EmitTransformGradient()
            {
                _w.Line("// dM[ξ][t] = (A dY Aᵀ)[ξ] for the 2x2 output-gradient tile of tiles first .. first + count - 1 of the batch.");
                _w.Open("private static void TransformGradient(ref float g, ref float m, int first, int count)");
                EmitTileLoopHead("oy", "ox", string.Empty, string.Empty);
                _w.Line("GradientTile(ref Unsafe.Add(ref g, (nint)n * OutputImageLength + ((nint)oy * OutputWidth + ox) * Filters), ref Unsafe.Add(ref m, (nint)t * Filters), oy < OutputHeight - 1, ox < OutputWidth - 1);");
                _w.Close();
                _w.Close();
            }

            private void EmitGradientTile()
            {
                _w.Line("// One tile's 16 points of dM, 8 filters at a time; pixels past the bottom or right edge of an odd-sized output are zero.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("private static void GradientTile(ref float g, ref float m, bool down, bool right)");
                _w.Open("for (nuint k = 0; k < Filters; k += 8)");
                _w.Line("Vector256<float> y00 = Vector256.LoadUnsafe(ref g, k);");
                _w.Line("Vector256<float> y01 = right ? Vector256.LoadUnsafe(ref g, Filters + k) : Vector256<float>.Zero;");
                _w.Line("Vector256<float> y10 = down ? Vector256.LoadUnsafe(ref g, OutputWidth * Filters + k) : Vector256<float>.Zero;");
                _w.Line("Vector256<float> y11 = down && right ? Vector256.LoadUnsafe(ref g, (OutputWidth + 1) * Filters + k) : Vector256<float>.Zero;");
                _w.Line("// A on the rows, then Aᵀ on the columns: dM = A dY Aᵀ with A = [1 0; 1 1; 1 -1; 0 -1].");
                _w.Line("Vector256<float> f00 = y00, f01 = y01, f10 = y00 + y10, f11 = y01 + y11, f20 = y00 - y10, f21 = y01 - y11, f30 = -y10, f31 = -y11;");
                for (int row = 0; row < 4; row++)
                {
                    string[] values = { $"f{row}0", $"f{row}0 + f{row}1", $"f{row}0 - f{row}1", $"-f{row}1" };
                    for (int col = 0; col < 4; col++)
                    {
                        int point = row * 4 + col;
                        _w.Line($"({values[col]}).StoreUnsafe(ref m, {(point == 0 ? "k" : $"{point} * PointProductLength + k")});");
                    }
                }

                _w.Close();
                _w.Close();
            }

            private void EmitRun()
            {
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)");
                _w.Line("Span<float> scratch = WinogradScratch.Get(ScratchLength);");
                _w.Line("Span<float> v = scratch.Slice(0, 16 * PointInputLength);");
                _w.Line("Span<float> m = scratch.Slice(16 * PointInputLength);");
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                if (_c.UseBias)
                {
                    _w.Line("ref float b = ref MemoryMarshal.GetReference(bias);");
                }

                _w.Line("ref float o = ref MemoryMarshal.GetReference(output);");
                _w.Line("int tiles = batch * TilesPerImage;");
                _w.Open("for (int first = 0; first < tiles; first += BandTiles)");
                _w.Line("int count = Math.Min(BandTiles, tiles - first);");
                _w.Line("int chunks = (count + ChunkTiles - 1) / ChunkTiles;");
                _w.Line("TransformInput(ref x, ref MemoryMarshal.GetReference(v), first, count);");
                _w.Open("for (int point = 0; point < 16; point++)");
                _w.Line($"{ProductClassName(_isa, _kind)}.Run(v.Slice(point * PointInputLength, chunks * ChunkTiles * PaddedChannels), packedWeights.Slice(point * PointWeightLength, PointWeightLength), default, m.Slice(point * PointProductLength, chunks * ChunkTiles * Filters), chunks);");
                _w.Close();
                _w.Line($"TransformOutput(ref MemoryMarshal.GetReference(m), {(_c.UseBias ? "ref b, " : string.Empty)}ref o, first, count);");
                _w.Close();
                _w.Close();
            }

            private void EmitTransformInput()
            {
                _w.Line("// V[ξ][t] = (Bᵀ d B)[ξ] for the 4x4 input patch d of tiles first .. first + count - 1 of the batch.");
                _w.Open("private static void TransformInput(ref float x, ref float v, int first, int count)");
                EmitTileLoopHead("iy", "ix", " - PadTop", " - PadLeft");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float vt = ref Unsafe.Add(ref v, (nint)t * PaddedChannels);");
                _w.Open("if (iy >= 0 && ix >= 0 && iy <= InputHeight - 4 && ix <= InputWidth - 4)");
                _w.Line("InputTile(ref Unsafe.Add(ref xi, ((nint)iy * InputWidth + ix) * Channels), ref vt);");
                _w.Close();
                _w.Open("else");
                _w.Line("InputBorderTile(ref xi, iy, ix, ref vt);");
                _w.Close();
                _w.Close();
                _w.Close();
            }

            // Opens the loop over a band's tiles: tile t of the band is tile first + t of the batch, image n, and its
            // top-left pixel (y, x) is 2·(ty, tx) shifted by the padding on the input side.
            private void EmitTileLoopHead(string y, string x, string padTop, string padLeft)
            {
                _w.Open("for (int t = 0; t < count; t++)");
                _w.Line("int tile = first + t;");
                _w.Line("int n = tile / TilesPerImage;");
                _w.Line("int r = tile - n * TilesPerImage;");
                _w.Line("int ty = r / TilesAcross;");
                _w.Line($"int {y} = 2 * ty{padTop};");
                _w.Line($"int {x} = 2 * (r - ty * TilesAcross){padLeft};");
            }

            private void EmitInputTile(bool border)
            {
                _w.Line(border
                    ? "// A patch that crosses the image's edge: pixels outside read as zero."
                    : "// A patch inside the image: x is its top-left pixel.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open(border ? "private static void InputBorderTile(ref float x, int iy, int ix, ref float v)" : "private static void InputTile(ref float x, ref float v)");
                if (FullChannels > 0)
                {
                    _w.Open($"for (nuint c = 0; c < {FullChannels}; c += {L})");
                    EmitInputPoints(border, half: false);
                    _w.Close();
                }

                if (FullChannels < _c.Channels)
                {
                    _w.Block();
                    _w.Line($"nuint c = {FullChannels};");
                    EmitInputPoints(border, half: true);
                    _w.Close();
                }

                _w.Close();
            }

            private void EmitInputPoints(bool border, bool half)
            {
                for (int row = 0; row < 4; row++)
                {
                    var loads = new List<string>();
                    for (int col = 0; col < 4; col++)
                    {
                        string load = border
                            ? $"{(half ? "LoadHalf" : "Load")}(ref x, iy + {row}, ix + {col}, c)"
                            : half
                                ? $"Vector256.LoadUnsafe(ref x, {Offset(row, col)} + c).ToVector512()"
                                : $"{V}.LoadUnsafe(ref x, {Offset(row, col)} + c)";
                        loads.Add($"d{row}{col} = {load}");
                    }

                    _w.Line($"{VF} {string.Join(", ", loads)};");
                }

                _w.Line("// Bᵀ on the columns, then B on the rows: V = Bᵀ d B with Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].");
                for (int col = 0; col < 4; col++)
                {
                    _w.Line($"{VF} e0{col} = d0{col} - d2{col}, e1{col} = d1{col} + d2{col}, e2{col} = d2{col} - d1{col}, e3{col} = d1{col} - d3{col};");
                }

                for (int row = 0; row < 4; row++)
                {
                    string[] values = { $"e{row}0 - e{row}2", $"e{row}1 + e{row}2", $"e{row}2 - e{row}1", $"e{row}1 - e{row}3" };
                    for (int col = 0; col < 4; col++)
                    {
                        _w.Line($"({values[col]}).StoreUnsafe(ref v, {(row * 4 + col == 0 ? "c" : $"{row * 4 + col} * PointInputLength + c")});");
                    }
                }
            }

            private string Offset(int row, int col)
            {
                long offset = ((long)row * _c.Width + col) * _c.Channels;
                return offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            private void EmitTransformOutput()
            {
                string bias = _c.UseBias ? "ref float b, " : string.Empty;
                string biasArg = _c.UseBias ? "ref b, " : string.Empty;
                _w.Line("// Output pixels of tiles first .. first + count - 1 from their products M: Aᵀ M A, plus the bias, through the activation.");
                _w.Open($"private static void TransformOutput(ref float m, {bias}ref float o, int first, int count)");
                EmitTileLoopHead("oy", "ox", string.Empty, string.Empty);
                _w.Line("ref float mt = ref Unsafe.Add(ref m, (nint)t * Filters);");
                _w.Line("ref float ot = ref Unsafe.Add(ref o, (nint)n * OutputImageLength + ((nint)oy * OutputWidth + ox) * OutputPixelStride);");
                _w.Open("if (oy <= OutputHeight - 2 && ox <= OutputWidth - 2)");
                _w.Line($"OutputTile(ref mt, {biasArg}ref ot);");
                _w.Close();
                _w.Open("else");
                _w.Line($"OutputEdgeTile(ref mt, {biasArg}ref ot, oy < OutputHeight - 1, ox < OutputWidth - 1);");
                _w.Close();
                _w.Close();
                _w.Close();
            }

            private void EmitOutputTile(bool edge)
            {
                string bias = _c.UseBias ? "ref float b, " : string.Empty;
                _w.Line(edge
                    ? "// A tile at the bottom or right edge of an odd-sized output: only the pixels inside are stored."
                    : "// A whole 2x2 tile; o is its top-left pixel.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open(edge ? $"private static void OutputEdgeTile(ref float m, {bias}ref float o, bool down, bool right)" : $"private static void OutputTile(ref float m, {bias}ref float o)");
                if (FullFilters > 0)
                {
                    _w.Open($"for (nuint k = 0; k < {FullFilters}; k += {L})");
                    EmitOutputPoints(edge, half: false);
                    _w.Close();
                }

                if (FullFilters < _c.Filters)
                {
                    _w.Block();
                    _w.Line($"nuint k = {FullFilters};");
                    EmitOutputPoints(edge, half: true);
                    _w.Close();
                }

                _w.Close();
            }

            private void EmitOutputPoints(bool edge, bool half)
            {
                for (int row = 0; row < 4; row++)
                {
                    var loads = new List<string>();
                    for (int col = 0; col < 4; col++)
                    {
                        int point = row * 4 + col;
                        loads.Add($"m{row}{col} = {V}.LoadUnsafe(ref m, {(point == 0 ? "k" : $"{point} * PointProductLength + k")})");
                    }

                    _w.Line($"{VF} {string.Join(", ", loads)};");
                }

                _w.Line("// Aᵀ on the columns, then A on the rows, with Aᵀ = [1 1 1 0; 0 1 -1 -1].");
                for (int col = 0; col < 4; col++)
                {
                    _w.Line($"{VF} s0{col} = m0{col} + m1{col} + m2{col}, s1{col} = m1{col} - m2{col} - m3{col};");
                }

                string biasVector = !_c.UseBias ? string.Empty
                    : half ? "Vector256.LoadUnsafe(ref b, k).ToVector512()"
                    : $"{V}.LoadUnsafe(ref b, k)";
                if (_c.UseBias)
                {
                    _w.Line($"{VF} bias = {biasVector};");
                }

                string[] names = { "y00", "y01", "y10", "y11" };
                string[] sums = { "s00 + s01 + s02", "s01 - s02 - s03", "s10 + s11 + s12", "s11 - s12 - s13" };
                string[] offsets = { "k", "OutputPixelStride + k", "OutputWidth * OutputPixelStride + k", "(OutputWidth + 1) * OutputPixelStride + k" };
                string[] conditions = { string.Empty, "right", "down", "down && right" };
                for (int i = 0; i < 4; i++)
                {
                    string sum = _c.UseBias ? $"{sums[i]} + bias" : sums[i];
                    _w.Line($"{VF} {names[i]} = {Activate(sum)};");
                }

                for (int i = 0; i < 4; i++)
                {
                    string store = half
                        ? $"{names[i]}.GetLower().StoreUnsafe(ref o, {offsets[i]});"
                        : $"{names[i]}.StoreUnsafe(ref o, {offsets[i]});";
                    if (edge && i > 0)
                    {
                        _w.Open($"if ({conditions[i]})");
                        _w.Line(store);
                        _w.Close();
                    }
                    else
                    {
                        _w.Line(store);
                    }
                }
            }

            private string Activate(string sum) => _c.Activation switch
            {
                ActivationNames.Relu => $"{V}.MaxNative({sum}, {VF}.Zero)",
                ActivationNames.Relu6 => $"{V}.MinNative({V}.MaxNative({sum}, {VF}.Zero), {V}.Create(6f))",
                _ => sum,
            };

            private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        }
    }
}
