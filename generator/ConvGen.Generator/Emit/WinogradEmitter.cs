using System;
using System.Collections.Generic;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The template of the Winograd F(m×m, 3×3) family (m = 2 or 4, <see cref="WinogradPlan.TileSize"/>): per vector
    /// width, a nested class with the input transform (Bᵀ d B, vectorised over NHWC channels), the band loop calling a
    /// generated 1×1 product kernel once per point ξ, and the output transform (Aᵀ M A) with the bias, the activation
    /// and the store of up to m×m pixels per tile. The transforms' coefficients are written into the code: F(2×2, 3×3)'s
    /// (0, ±1) as additions and subtractions, F(4×4, 3×3)'s (Lavin and Gray's: up to ±5 in Bᵀ, ±8 in Aᵀ) as
    /// multiples of the terms.
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

        /// <summary>Writes one width's Winograd class and its 1×1 product kernel.</summary>
        public static void EmitKernel(SourceWriter w, WinogradPlan plan, string description, string kind = Forward)
        {
            ConvModel conv = plan.Conv;
            VectorIsa isa = plan.Isa;
            new Writer(w, plan, description, kind).Emit();
            w.Line();
            if (kind == WeightGradient)
            {
                ConvWeightGradientEmitter.Emit(w, plan.GradientGemm, isa,
                    $"Winograd products of one point ξ: dU[ξ] += V[ξ]ᵀ dM[ξ] over a band's chunks of {WinogradPlan.GradientChunkTiles} tiles ({plan.PaddedChannels} transformed input channels x {conv.Filters} filters)",
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
                string ratio = _plan.ProductRatio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                _w.Line("/// <summary>");
                if (Gradient)
                {
                    _w.Line($"/// f32-winograd-dw-{M}x{M}-3x3s1p{_c.PadTop}-{_isa.Suffix}: weight gradient of {CSharpText.Xml(_description)} as Winograd F({M}x{M}, 3x3). Each image is");
                    _w.Line($"/// {_plan.TilesDown}x{_plan.TilesAcross} tiles of {M}x{M} output pixels; the batch's tiles run in bands of {_plan.BandTiles}: input transform V = Bᵀ d B,");
                    _w.Line($"/// output-gradient transform dM = A dY Aᵀ, {_plan.Points} products dU[ξ] += V[ξ]ᵀ dM[ξ] ({ProductClassName(_isa, _kind)}); after the last band");
                    _w.Line($"/// dg = Gᵀ dU G (WinogradWeights.GradientToHwio). Winograd products / direct products = {ratio}.");
                }
                else
                {
                    _w.Line($"/// f32-winograd-{M}x{M}-3x3s1p{_c.PadTop}-{_isa.Suffix}: {CSharpText.Xml(_description)} as Winograd F({M}x{M}, 3x3). Each image is {_plan.TilesDown}x{_plan.TilesAcross}");
                    _w.Line($"/// tiles of {M}x{M} output pixels; the batch's tiles run in bands of {_plan.BandTiles}: input transform V = Bᵀ d B, {_plan.Points} products V[ξ]·U[ξ]");
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
                _w.Line("/// <summary>Output pixels along each side of a tile.</summary>");
                Const("TileSize", _plan.TileSize);
                if (M == 4)
                {
                    _w.Line("/// <summary>Input pixels along each side of a tile's patch.</summary>");
                    Const("Alpha", _plan.Alpha);
                }

                _w.Line("/// <summary>Points ξ of a tile's transform (and products per tile and channel pair).</summary>");
                Const("Points", _plan.Points);
                Const("TilesAcross", _plan.TilesAcross);
                Const("TilesPerImage", _plan.TilesPerImage);
                _w.Line(Gradient ? "/// <summary>Tiles per band: the product kernel's image.</summary>" : "/// <summary>Tiles per band: V and M of a band stay in L2.</summary>");
                Const("BandTiles", _plan.BandTiles);
                _w.Line(Gradient ? "/// <summary>Tiles per image of the product kernel, which sums over its images.</summary>" : "/// <summary>Tiles per call of the product kernel (its image).</summary>");
                Const("ChunkTiles", Gradient ? WinogradPlan.GradientChunkTiles : WinogradPlan.ChunkTiles);

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
                    _w.Line($"/// <summary>Floats of V and dM for one band, then dU{(M == 4 ? ", then a border tile's zero-padded patch" : string.Empty)}.</summary>");
                    Const("ScratchLength", _plan.ScratchLength + _plan.GradientULength + PatchLength);
                }
                else
                {
                    _w.Line($"/// <summary>Floats of V and M for one band (M has one spare vector at its end){(M == 4 ? ", then a border tile's zero-padded patch" : string.Empty)}.</summary>");
                    Const("ScratchLength", _plan.ScratchLength + PatchLength);
                }

                if (M == 4)
                {
                    _w.Line("/// <summary>Floats of a border tile's input patch, copied with zeros outside the image (α x α pixels).</summary>");
                    Const("PatchLength", PatchLength);
                }

                _w.Line();
                if (Gradient)
                {
                    EmitGradientRun();
                }
                else if (_kind == Forward)
                {
                    // Run is Part's one part of one (the same tiles in the same bands): the band loop is written once.
                    _w.Line("public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch) =>");
                    _w.Line("    Part(input, packedWeights, bias, output, batch, 0, 1);");
                    _w.Line();
                    EmitRun(part: true);
                }
                else
                {
                    EmitRun(part: false);
                }

                _w.Line();
                EmitTransformInput();
                _w.Line();
                EmitInputTile(border: false);
                _w.Line();
                EmitInputTile(border: true);
                if (M == 4)
                {
                    _w.Line();
                    EmitCopyPatch();
                }
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

                if (M == 2)
                {
                    _w.Line();
                    _w.Line("// One input vector of pixel (iy, ix), zero outside the image (the padding).");
                    _w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                    _w.Line($"private static {VF} Load(ref float x, int iy, int ix, nuint c) =>");
                    _w.Line($"    (uint)iy < InputHeight && (uint)ix < InputWidth ? {V}.LoadUnsafe(ref x, (nuint)(((nint)iy * InputWidth + ix) * Channels) + c) : {VF}.Zero;");
                }

                if (M == 2 && FullChannels < _c.Channels)
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
                _w.Line($"Span<float> scratch = {RuntimeNames.WinogradScratch}.Get(ScratchLength);");
                _w.Line("Span<float> v = scratch.Slice(0, Points * PointInputLength);");
                _w.Line("Span<float> m = scratch.Slice(Points * PointInputLength, Points * PointProductLength);");
                _w.Line("Span<float> u = scratch.Slice(Points * (PointInputLength + PointProductLength), Points * PointGradientLength);");
                if (M == 4)
                {
                    _w.Line("ref float patch = ref scratch[ScratchLength - PatchLength];");
                }
                _w.Line("u.Clear();");
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                _w.Line("ref float g = ref MemoryMarshal.GetReference(gradOutput);");
                _w.Line("int tiles = batch * TilesPerImage;");
                _w.Open("for (int first = 0; first < tiles; first += BandTiles)");
                _w.Line("int count = Math.Min(BandTiles, tiles - first);");
                _w.Line($"TransformInput(ref x, ref MemoryMarshal.GetReference(v), {(M == 4 ? "ref patch, " : string.Empty)}first, count);");
                _w.Line("TransformGradient(ref g, ref MemoryMarshal.GetReference(m), first, count);");
                _w.Line("int chunks = (count + ChunkTiles - 1) / ChunkTiles;");
                _w.Open("if (count < chunks * ChunkTiles)");
                _w.Line("// The last chunk's unused tiles add nothing: zero in both factors.");
                _w.Open("for (int point = 0; point < Points; point++)");
                _w.Line("v.Slice(point * PointInputLength + count * PaddedChannels, (chunks * ChunkTiles - count) * PaddedChannels).Clear();");
                _w.Line("m.Slice(point * PointProductLength + count * Filters, (chunks * ChunkTiles - count) * Filters).Clear();");
                _w.Close();
                _w.Close();
                _w.Open("for (int point = 0; point < Points; point++)");
                _w.Line($"{ProductClassName(_isa, _kind)}.Run(v.Slice(point * PointInputLength, chunks * ChunkTiles * PaddedChannels), m.Slice(point * PointProductLength, chunks * ChunkTiles * Filters), u.Slice(point * PointGradientLength, PointGradientLength), chunks);");
                _w.Close();
                _w.Close();
                _w.Line(M == 2 ? $"{RuntimeNames.WinogradWeights}.GradientToHwio(u, gradWeights, Channels, PaddedChannels, Filters);" : $"{RuntimeNames.WinogradWeights}.GradientToHwio(u, gradWeights, Channels, PaddedChannels, Filters, TileSize);");
                _w.Close();
            }

            private void EmitTransformGradient()
            {
                _w.Line($"// dM[ξ][t] = (A dY Aᵀ)[ξ] for the {M}x{M} output-gradient tile of tiles first .. first + count - 1 of the batch.");
                _w.Open("private static void TransformGradient(ref float g, ref float m, int first, int count)");
                EmitTileLoopHead("oy", "ox", string.Empty, string.Empty);
                string edges = M == 2 ? "oy < OutputHeight - 1, ox < OutputWidth - 1" : "Math.Min(TileSize, OutputHeight - oy), Math.Min(TileSize, OutputWidth - ox)";
                _w.Line($"GradientTile(ref Unsafe.Add(ref g, (nint)n * OutputImageLength + ((nint)oy * OutputWidth + ox) * Filters), ref Unsafe.Add(ref m, (nint)t * Filters), {edges});");
                _w.Close();
                _w.Close();
            }

            private void EmitGradientTile()
            {
                if (M == 4)
                {
                    EmitGradientTile4();
                    return;
                }

                (string gv, int lanes) = GradientVector();
                _w.Line($"// One tile's 16 points of dM, {lanes} filters at a time; pixels past the bottom or right edge of an odd-sized output are zero.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("private static void GradientTile(ref float g, ref float m, bool down, bool right)");
                _w.Open($"for (nuint k = 0; k < Filters; k += {lanes})");
                _w.Line($"{gv}<float> y00 = {gv}.LoadUnsafe(ref g, k);");
                _w.Line($"{gv}<float> y01 = right ? {gv}.LoadUnsafe(ref g, Filters + k) : {gv}<float>.Zero;");
                _w.Line($"{gv}<float> y10 = down ? {gv}.LoadUnsafe(ref g, OutputWidth * Filters + k) : {gv}<float>.Zero;");
                _w.Line($"{gv}<float> y11 = down && right ? {gv}.LoadUnsafe(ref g, (OutputWidth + 1) * Filters + k) : {gv}<float>.Zero;");
                _w.Line("// A on the rows, then Aᵀ on the columns: dM = A dY Aᵀ with A = [1 0; 1 1; 1 -1; 0 -1].");
                _w.Line($"{gv}<float> f00 = y00, f01 = y01, f10 = y00 + y10, f11 = y01 + y11, f20 = y00 - y10, f21 = y01 - y11, f30 = -y10, f31 = -y11;");
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

            // Run: every tile of the batch. Part: tiles [part·T/parts, (part+1)·T/parts) of the batch's T tiles, in bands
            // from the first (a tile's products and transforms do not depend on the band it is in, so the parts together
            // write exactly what Run writes).
            private void EmitRun(bool part)
            {
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open(part
                    ? "public static void Part(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts)"
                    : "public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)");
                _w.Line($"Span<float> scratch = {RuntimeNames.WinogradScratch}.Get(ScratchLength);");
                _w.Line("Span<float> v = scratch.Slice(0, Points * PointInputLength);");
                _w.Line(M == 4 ? "Span<float> m = scratch.Slice(Points * PointInputLength, ScratchLength - PatchLength - Points * PointInputLength);" : "Span<float> m = scratch.Slice(Points * PointInputLength);");
                if (M == 4)
                {
                    _w.Line("ref float patch = ref scratch[ScratchLength - PatchLength];");
                }
                _w.Line("ref float x = ref MemoryMarshal.GetReference(input);");
                if (_c.UseBias)
                {
                    _w.Line("ref float b = ref MemoryMarshal.GetReference(bias);");
                }

                _w.Line("ref float o = ref MemoryMarshal.GetReference(output);");
                if (part)
                {
                    _w.Line("long all = (long)batch * TilesPerImage;");
                    _w.Line("int lo = (int)(all * part / parts), tiles = (int)(all * (part + 1) / parts);");
                    _w.Open("for (int first = lo; first < tiles; first += BandTiles)");
                }
                else
                {
                    _w.Line("int tiles = batch * TilesPerImage;");
                    _w.Open("for (int first = 0; first < tiles; first += BandTiles)");
                }

                _w.Line("int count = Math.Min(BandTiles, tiles - first);");
                _w.Line("int chunks = (count + ChunkTiles - 1) / ChunkTiles;");
                _w.Line($"TransformInput(ref x, ref MemoryMarshal.GetReference(v), {(M == 4 ? "ref patch, " : string.Empty)}first, count);");
                _w.Open("for (int point = 0; point < Points; point++)");
                _w.Line($"{ProductClassName(_isa, _kind)}.Run(v.Slice(point * PointInputLength, chunks * ChunkTiles * PaddedChannels), packedWeights.Slice(point * PointWeightLength, PointWeightLength), default, m.Slice(point * PointProductLength, chunks * ChunkTiles * Filters), chunks);");
                _w.Close();
                _w.Line($"TransformOutput(ref MemoryMarshal.GetReference(m), {(_c.UseBias ? "ref b, " : string.Empty)}ref o, first, count);");
                _w.Close();
                _w.Close();
            }

            private void EmitTransformInput()
            {
                _w.Line($"// V[ξ][t] = (Bᵀ d B)[ξ] for the {_plan.Alpha}x{_plan.Alpha} input patch d of tiles first .. first + count - 1 of the batch.");
                _w.Open(M == 4 ? "private static void TransformInput(ref float x, ref float v, ref float patch, int first, int count)" : "private static void TransformInput(ref float x, ref float v, int first, int count)");
                EmitTileLoopHead("iy", "ix", " - PadTop", " - PadLeft");
                _w.Line("ref float xi = ref Unsafe.Add(ref x, (nint)n * InputImageLength);");
                _w.Line("ref float vt = ref Unsafe.Add(ref v, (nint)t * PaddedChannels);");
                _w.Open($"if (iy >= 0 && ix >= 0 && iy <= InputHeight - {_plan.Alpha} && ix <= InputWidth - {_plan.Alpha})");
                _w.Line("InputTile(ref Unsafe.Add(ref xi, ((nint)iy * InputWidth + ix) * Channels), ref vt);");
                _w.Close();
                _w.Open("else");
                if (M == 4)
                {
                    _w.Line("CopyPatch(ref xi, iy, ix, ref patch);");
                    _w.Line("InputPatchTile(ref patch, ref vt);");
                }
                else
                {
                    _w.Line("InputBorderTile(ref xi, iy, ix, ref vt);");
                }

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
                _w.Line($"int {y} = {M} * ty{padTop};");
                _w.Line($"int {x} = {M} * (r - ty * TilesAcross){padLeft};");
            }

            private void EmitInputTile(bool border)
            {
                _w.Line(border
                    ? (M == 4 ? "// A patch that crosses the image's edge, copied by CopyPatch with zeros outside: x is its first pixel, rows α pixels apart." : "// A patch that crosses the image's edge: pixels outside read as zero.")
                    : "// A patch inside the image: x is its top-left pixel.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open(border
                    ? (M == 4 ? "private static void InputPatchTile(ref float x, ref float v)" : "private static void InputBorderTile(ref float x, int iy, int ix, ref float v)")
                    : "private static void InputTile(ref float x, ref float v)");
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
                if (M == 4)
                {
                    EmitInputPoints4(border, half);
                    return;
                }

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

            private string Offset(int row, int col) => Offset(row, col, _c.Width);

            // Floats from a patch's first pixel to pixel (row, col), rows `width` pixels apart.
            private string Offset(int row, int col, int width)
            {
                long offset = ((long)row * width + col) * _c.Channels;
                return offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            private int PatchLength => M == 4 ? _plan.Alpha * _plan.Alpha * _c.Channels : 0;

            private void EmitCopyPatch()
            {
                _w.Line("// Copies the α x α patch at input pixel (iy, ix) of image x into patch, rows α pixels apart, with zeros outside the image.");
                _w.Open("private static void CopyPatch(ref float x, int iy, int ix, ref float patch)");
                _w.Open("for (int row = 0; row < Alpha; row++)");
                _w.Line("int y = iy + row;");
                _w.Open("for (int col = 0; col < Alpha; col++)");
                _w.Line("ref float target = ref Unsafe.Add(ref patch, (row * Alpha + col) * Channels);");
                _w.Open("if ((uint)y < InputHeight && (uint)(ix + col) < InputWidth)");
                _w.Line("ref float source = ref Unsafe.Add(ref x, ((nint)y * InputWidth + ix + col) * Channels);");
                _w.Open("for (nuint c = 0; c < Channels; c += 8)");
                _w.Line("Vector256.LoadUnsafe(ref source, c).StoreUnsafe(ref target, c);");
                _w.Close();
                _w.Close();
                _w.Open("else");
                _w.Open("for (nuint c = 0; c < Channels; c += 8)");
                _w.Line("Vector256<float>.Zero.StoreUnsafe(ref target, c);");
                _w.Close();
                _w.Close();
                _w.Close();
                _w.Close();
                _w.Close();
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
                _w.Open($"if (oy <= OutputHeight - {M} && ox <= OutputWidth - {M})");
                _w.Line($"OutputTile(ref mt, {biasArg}ref ot);");
                _w.Close();
                _w.Open("else");
                string edges = M == 2 ? "oy < OutputHeight - 1, ox < OutputWidth - 1" : "Math.Min(TileSize, OutputHeight - oy), Math.Min(TileSize, OutputWidth - ox)";
                _w.Line($"OutputEdgeTile(ref mt, {biasArg}ref ot, {edges});");
                _w.Close();
                _w.Close();
                _w.Close();
            }

            private void EmitOutputTile(bool edge)
            {
                string bias = _c.UseBias ? "ref float b, " : string.Empty;
                _w.Line(edge
                    ? (M == 2 ? "// A tile at the bottom or right edge of an odd-sized output: only the pixels inside are stored." : "// A tile at the bottom or right edge of the output: only its first rows x cols pixels are inside and stored.")
                    : $"// A whole {M}x{M} tile; o is its top-left pixel.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                string edgeParameters = M == 2 ? "bool down, bool right" : "int rows, int cols";
                _w.Open(edge ? $"private static void OutputEdgeTile(ref float m, {bias}ref float o, {edgeParameters})" : $"private static void OutputTile(ref float m, {bias}ref float o)");
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
                if (M == 4)
                {
                    EmitOutputPoints4(edge, half);
                    return;
                }

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

            private int M => _plan.TileSize;

            // F(4×4, 3×3)'s Bᵀ and Aᵀ (Lavin and Gray, interpolation points 0, ±1, ±2 and ∞).
            private static readonly int[][] BT4 =
            {
                new[] { 4, 0, -5, 0, 1, 0 },
                new[] { 0, -4, -4, 1, 1, 0 },
                new[] { 0, 4, -4, -1, 1, 0 },
                new[] { 0, -2, -1, 2, 1, 0 },
                new[] { 0, 2, -1, -2, 1, 0 },
                new[] { 0, 4, 0, -5, 0, 1 },
            };

            private static readonly int[][] AT4 =
            {
                new[] { 1, 1, 1, 1, 1, 0 },
                new[] { 0, 1, -1, 2, -2, 0 },
                new[] { 0, 1, 1, 4, 4, 0 },
                new[] { 0, 1, -1, 8, -8, 1 },
            };

            // Σ coefficients[i] · term(i) as vector code: ±1 as additions and subtractions, other integers as multiples.
            private static string Combination(int[] coefficients, Func<int, string> term)
            {
                var text = new System.Text.StringBuilder();
                for (int i = 0; i < coefficients.Length; i++)
                {
                    int c = coefficients[i];
                    if (c == 0)
                    {
                        continue;
                    }

                    string scaled = Math.Abs(c) == 1 ? term(i) : $"{term(i)} * {Math.Abs(c)}f";
                    if (text.Length == 0)
                    {
                        text.Append(c < 0 ? "-" : string.Empty).Append(scaled);
                    }
                    else
                    {
                        text.Append(c < 0 ? " - " : " + ").Append(scaled);
                    }
                }

                return text.ToString();
            }

            // Column j of a matrix given by its rows.
            private static int[] Column(int[][] rows, int j)
            {
                var column = new int[rows.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    column[i] = rows[i][j];
                }

                return column;
            }

            private void EmitInputPoints4(bool border, bool half)
            {
                _w.Line("// Bᵀ on the columns of the 6x6 patch d, one column at a time, then B on the rows: V = Bᵀ d B with");
                _w.Line("// Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1].");
                int width = border ? _plan.Alpha : _c.Width;
                for (int col = 0; col < 6; col++)
                {
                    var loads = new List<string>();
                    for (int row = 0; row < 6; row++)
                    {
                        string load = half
                            ? $"Vector256.LoadUnsafe(ref x, {Offset(row, col, width)} + c).ToVector512()"
                            : $"{V}.LoadUnsafe(ref x, {Offset(row, col, width)} + c)";
                        loads.Add($"d{row}{col} = {load}");
                    }

                    _w.Line($"{VF} {string.Join(", ", loads)};");
                    int column = col;
                    var sums = new List<string>();
                    for (int i = 0; i < 6; i++)
                    {
                        sums.Add($"e{i}{col} = {Combination(BT4[i], r => $"d{r}{column}")}");
                    }

                    _w.Line($"{VF} {string.Join(", ", sums)};");
                }

                for (int row = 0; row < 6; row++)
                {
                    int r = row;
                    for (int col = 0; col < 6; col++)
                    {
                        int point = row * 6 + col;
                        _w.Line($"({Combination(BT4[col], j => $"e{r}{j}")}).StoreUnsafe(ref v, {(point == 0 ? "c" : $"{point} * PointInputLength + c")});");
                    }
                }
            }

            private void EmitOutputPoints4(bool edge, bool half)
            {
                _w.Line("// Aᵀ on the columns of the 6x6 products, one column at a time, then A on the rows: Y = Aᵀ M A with");
                _w.Line("// Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].");
                for (int col = 0; col < 6; col++)
                {
                    var loads = new List<string>();
                    for (int row = 0; row < 6; row++)
                    {
                        int point = row * 6 + col;
                        loads.Add($"m{row}{col} = {V}.LoadUnsafe(ref m, {(point == 0 ? "k" : $"{point} * PointProductLength + k")})");
                    }

                    _w.Line($"{VF} {string.Join(", ", loads)};");
                    int column = col;
                    var sums = new List<string>();
                    for (int i = 0; i < 4; i++)
                    {
                        sums.Add($"s{i}{col} = {Combination(AT4[i], r => $"m{r}{column}")}");
                    }

                    _w.Line($"{VF} {string.Join(", ", sums)};");
                }

                if (_c.UseBias)
                {
                    _w.Line($"{VF} bias = {(half ? "Vector256.LoadUnsafe(ref b, k).ToVector512()" : $"{V}.LoadUnsafe(ref b, k)")};");
                }

                for (int row = 0; row < 4; row++)
                {
                    int r = row;
                    for (int col = 0; col < 4; col++)
                    {
                        string sum = Combination(AT4[col], j => $"s{r}{j}");
                        string value = Activate(_c.UseBias ? $"{sum} + bias" : sum);
                        string offset = row == 0 && col == 0 ? "k" : $"{row * _c.OutputWidth + col} * OutputPixelStride + k";
                        string target = _c.Activation == ActivationNames.None ? $"({value})" : value;
                        string store = half ? $"{target}.GetLower().StoreUnsafe(ref o, {offset});" : $"{target}.StoreUnsafe(ref o, {offset});";
                        if (edge && (row > 0 || col > 0))
                        {
                            string condition = row == 0 ? $"cols > {col}" : col == 0 ? $"rows > {row}" : $"rows > {row} && cols > {col}";
                            _w.Open($"if ({condition})");
                            _w.Line(store);
                            _w.Close();
                        }
                        else
                        {
                            _w.Line(store);
                        }
                    }
                }
            }

            // The output gradient's transform runs on this width's vectors when the filters fill them, else on 256-bit ones (filters are a multiple of 8).
            private (string Vector, int Lanes) GradientVector() =>
                _c.Filters % _isa.Lanes == 0 ? (_isa.Vector, _isa.Lanes) : (VectorIsa.Avx2.Vector, VectorIsa.Avx2.Lanes);

            private void EmitGradientTile4()
            {
                (string gv, int lanes) = GradientVector();
                _w.Line($"// One tile's 36 points of dM, {lanes} filters at a time; output-gradient pixels past the bottom or right edge (rows x cols inside) are zero.");
                _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                _w.Open("private static void GradientTile(ref float g, ref float m, int rows, int cols)");
                _w.Open($"for (nuint k = 0; k < Filters; k += {lanes})");
                for (int row = 0; row < 4; row++)
                {
                    var loads = new List<string>();
                    for (int col = 0; col < 4; col++)
                    {
                        string offset = row == 0 && col == 0 ? "k" : $"{row * _c.OutputWidth + col} * Filters + k";
                        string condition = row == 0 && col == 0 ? string.Empty : row == 0 ? $"cols > {col}" : col == 0 ? $"rows > {row}" : $"rows > {row} && cols > {col}";
                        loads.Add(condition.Length == 0
                            ? $"y{row}{col} = {gv}.LoadUnsafe(ref g, {offset})"
                            : $"y{row}{col} = {condition} ? {gv}.LoadUnsafe(ref g, {offset}) : {gv}<float>.Zero");
                    }

                    _w.Line($"{gv}<float> {string.Join(", ", loads)};");
                }

                _w.Line("// A on the rows, then Aᵀ on the columns: dM = A dY Aᵀ with Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].");
                for (int r = 0; r < 6; r++)
                {
                    int[] a = Column(AT4, r);
                    var sums = new List<string>();
                    for (int col = 0; col < 4; col++)
                    {
                        int column = col;
                        string sum = Combination(a, i => $"y{i}{column}");
                        sums.Add($"f{r}{col} = {(sum.Length == 0 ? $"{gv}<float>.Zero" : sum)}");
                    }

                    _w.Line($"{gv}<float> {string.Join(", ", sums)};");
                }

                for (int r = 0; r < 6; r++)
                {
                    int row = r;
                    for (int c = 0; c < 6; c++)
                    {
                        int point = r * 6 + c;
                        _w.Line($"({Combination(Column(AT4, c), j => $"f{row}{j}")}).StoreUnsafe(ref m, {(point == 0 ? "k" : $"{point} * PointProductLength + k")});");
                    }
                }

                _w.Close();
                _w.Close();
            }

            private string Activate(string sum) => _c.Activation switch
            {
                ActivationNames.Relu => $"{V}.MaxNative({VF}.Zero, {sum})",
                ActivationNames.Relu6 => $"{V}.MinNative({V}.Create(6f), {V}.MaxNative({VF}.Zero, {sum}))",
                _ => sum,
            };
        }
    }
}
