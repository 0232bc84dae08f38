using System;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The template of the Winograd F(m×m, 3×3) family (m = 2 or 4, <see cref="WinogradPlan.TileSize"/>): per vector
    /// width, a nested class with the band loop (input transform, a generated 1×1 product kernel once per point ξ,
    /// output transform) and its 1×1 product kernel. The transforms themselves (Bᵀ d B, Aᵀ M A with the bias and the
    /// activation, the weight gradient's A dY Aᵀ) are the runtime's <c>ConvGen.__Internals.WinogradTransforms</c>,
    /// generic over a small generated struct of the layer's numbers (<c>IWinogradLayer</c>), so they exist once and
    /// the JIT still compiles them with those numbers as constants.
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

            private int L => _isa.Lanes;

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
                if (Gradient)
                {
                    Const("Channels", _c.Channels);
                }

                _w.Line(Gradient ? "/// <summary>Channels of V: the input's, rounded up to whole vectors (those rows of dU are not used).</summary>" : "/// <summary>Channels of V: the input's, rounded up to whole vectors (U is zero there).</summary>");
                Const("PaddedChannels", _plan.PaddedChannels);
                Const("Filters", _c.Filters);
                _w.Line("/// <summary>Output pixels along each side of a tile.</summary>");
                Const("TileSize", M);

                _w.Line("/// <summary>Points ξ of a tile's transform (and products per tile and channel pair).</summary>");
                Const("Points", _plan.Points);
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
                EmitTransforms();
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

            private void EmitTransforms()
            {
                const string transforms = RuntimeNames.WinogradTransforms;
                _w.Line($"// The transforms ({transforms}), compiled by the JIT for these numbers.");
                _w.Open($"private readonly struct Layer : {RuntimeNames.IWinogradLayer}");
                Property("Lanes", L);
                Property("TileSize", M);
                Property("InputHeight", _c.Height);
                Property("InputWidth", _c.Width);
                Property("Channels", _c.Channels);
                Property("PaddedChannels", _plan.PaddedChannels);
                Property("Filters", _c.Filters);
                Property("OutputHeight", _c.OutputHeight);
                Property("OutputWidth", _c.OutputWidth);
                Property("OutputPixelStride", Gradient ? _c.Filters : _c.OutputPixelStride);
                Property("PadTop", _c.PadTop);
                Property("PadLeft", _c.PadLeft);
                Property("TilesAcross", _plan.TilesAcross);
                Property("TilesPerImage", _plan.TilesPerImage);
                Property("PointInputLength", (long)_plan.BandTiles * _plan.PaddedChannels);
                Property("PointProductLength", (long)_plan.BandTiles * _c.Filters);
                Property("Activation", Gradient ? ActivationNames.None : _c.Activation);
                _w.Line($"public static bool UseBias => {(!Gradient && _c.UseBias ? "true" : "false")};");
                _w.Close();
                _w.Line();
                _w.Line(M == 4
                    ? $"private static void TransformInput(ref float x, ref float v, ref float patch, int first, int count) => {transforms}.Input<Layer>(ref x, ref v, ref patch, first, count);"
                    : $"private static void TransformInput(ref float x, ref float v, int first, int count) => {transforms}.Input<Layer>(ref x, ref v, ref Unsafe.NullRef<float>(), first, count);");
                _w.Line();
                if (Gradient)
                {
                    _w.Line($"private static void TransformGradient(ref float g, ref float m, int first, int count) => {transforms}.Gradient<Layer>(ref g, ref m, first, count);");
                }
                else
                {
                    _w.Line(_c.UseBias
                        ? $"private static void TransformOutput(ref float m, ref float b, ref float o, int first, int count) => {transforms}.Output<Layer>(ref m, ref b, ref o, first, count);"
                        : $"private static void TransformOutput(ref float m, ref float o, int first, int count) => {transforms}.Output<Layer>(ref m, ref Unsafe.NullRef<float>(), ref o, first, count);");
                }
            }

            private void Property(string name, long value) => _w.Line($"public static int {name} => {value};");

            private int PatchLength => M == 4 ? _plan.Alpha * _plan.Alpha * _c.Channels : 0;

            private int M => _plan.TileSize;
        }
    }
}
