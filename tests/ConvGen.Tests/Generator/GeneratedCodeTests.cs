using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>What the generated source holds: the structure the kernels' speed depends on, and the network tables.</summary>
public class GeneratedCodeTests
{
    [Fact]
    public void InceptionBlockNetwork()
    {
        string text = GeneratorHarness.GeneratedText(TestSources.InceptionBlock);
        Assert.Contains("new global::ConvGen.LayerSummary(\"concatenate\", \"Concatenate\", new[] { 28, 28, 224 }, 0)", text);
        Assert.Contains("public const long ParameterCount = 147776;", text);
        Assert.Contains("public static global::ConvGen.IConv2DKernel Conv2d1 => global::ConvGen.__Generated.Conv1x1S1Valid_28x28x192_96_Relu.Kernel;", text);
        Assert.Contains("LayerDefinition.Conv2D(\"conv2d_1\", Conv2d1) with { Inputs = new[] { -1 } }", text);
        Assert.Contains("public static global::ConvGen.IConv2DKernel Conv2d => global::ConvGen.__Generated.Conv1x1S1Valid_28x28x192_64_Relu_Slice224.Kernel;", text);
        Assert.Contains("LayerDefinition.Conv2D(\"conv2d\", Conv2d, sliceOf: 5)", text);
        Assert.Contains("LayerDefinition.Concatenate(\"concatenate\", new[] { 0, 2, 4 })", text);
    }

    [Fact]
    public void BottleneckBlockNetwork()
    {
        string text = GeneratorHarness.GeneratedText(TestSources.Bottleneck);
        Assert.Contains("public static global::ConvGen.IConv2DKernel Conv2d2Folded => global::ConvGen.__Generated.Conv1x1S1Valid_14x14x16_64_AddRelu.Kernel;", text);
        Assert.Contains("internal readonly struct Conv1x1S1Valid_14x14x16_64_AddRelu : global::ConvGen.__Internals.IGeneratedResidualConv2D\n", text);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(12)]
    public void ALinearResidualAddCompiles(int filters)
    {
        // A convolution without activation read by an Add without activation: the epilogue's sum is stored as it is.
        string source = $$"""
            using ConvGen;
            [ConvNet]
            [Input(6, 6, {{filters}})]
            [Branch, Conv2D({{filters}}, 3, Padding = Padding.Same)]
            [Branch]
            [Add]
            [Flatten]
            [Dense(3, Activation = Activation.Softmax)]
            public partial class LinearResidual { }
            """;
        var (result, output) = GeneratorHarness.Run(source);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        string text = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains("residualAdd: 1", text);
        Assert.Matches(new Regex(@"\(a0_0 \+ Vector256\.LoadUnsafe\(ref r, 0\)\)\.StoreUnsafe\(ref o, 0\);"), text);
    }

    [Fact]
    public void WinogradLayersHaveNoDirectCode()
    {
        // The seed's second convolution runs Winograd at both widths, in every pass; forced direct, the runtime's generic
        // kernel runs instead, so no direct code is generated for it.
        var (result, _) = GeneratorHarness.Run(TestSources.SeedModel);
        string kernel = GeneratorHarness.GeneratedFile(result, "Conv3x3S1Same_14x14x32_64_Relu");
        foreach (string width in new[] { "Avx512", "Avx2" })
        {
            Assert.Contains($"private static class {width}WinogradKernel", kernel);
            Assert.Contains($"private static class {width}BackwardDataWinogradKernel", kernel);
            Assert.Contains($"private static class {width}WeightGradientWinogradKernel", kernel);
            Assert.DoesNotContain($"class {width}Kernel", kernel);
            Assert.DoesNotContain($"class {width}BackwardDataKernel", kernel);
            Assert.DoesNotContain($"class {width}WeightGradientKernel", kernel);
        }

        Assert.Contains("ForwardCode => global::ConvGen.PackedLayouts.Vector512Winograd | global::ConvGen.PackedLayouts.Vector256Winograd;", kernel);
    }

    [Fact]
    public void InferenceOnlyNetworksGetForwardKernelsOnly()
    {
        string source = TestSources.Bottleneck.Replace("[ConvNet]", "[ConvNet(InferenceOnly = true)]", System.StringComparison.Ordinal)
            .Replace("public static partial class", "public partial class", System.StringComparison.Ordinal);
        var (result, output) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        string text = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.DoesNotContain("WeightGradient", text);
        Assert.DoesNotContain("BackwardData", text);
        Assert.DoesNotContain("TrainingKernel<", text);

        // Three convolutions with batch normalisation after them: each only its folded kernel (the last with the Add).
        Assert.Equal(3, result.GeneratedSources.Count(s => s.HintName.StartsWith("ConvGen.__Generated.", System.StringComparison.Ordinal)));
        Assert.Contains(": base(\"Bottleneck\", InputHeight, InputWidth, InputChannels, CreateLayers(), Layers, seed, inferenceOnly: true)", text);
        Assert.Contains("LayerDefinition.Conv2D(\"conv2d_2\", new global::ConvGen.Conv2DShape(14, 14, 16, 64, 1, 1, global::ConvGen.Padding.Valid, global::ConvGen.Activation.None, false), foldedKernel: Conv2d2Folded, foldedNormalization: 5, foldedResidualAdd: 6, residualInput: -1)", text);
    }

    [Theory]
    [InlineData("Avx2Kernel", " MultiplyAdd(", "Vector256", "avx2")]
    [InlineData("Avx512Kernel", " FusedMultiplyAdd(", "Vector512", "avx512f")]
    public void SeedSecondConvIsUnrolledFmaLoopingOnlyOverChannelChunks(string kernelClass, string fma, string vector, string suffix)
    {
        // The seed's second convolution kept direct (by default it runs Winograd, and has no direct code).
        string text = GeneratorHarness.GeneratedText("using ConvGen;\n[Conv2DKernel(14, 14, 32, 64, 3, Padding = Padding.Same, Activation = Activation.Relu, Winograd = false)] public static partial class Seed2 { }");
        int layer = 0;
        int start = text.IndexOf("private static class " + kernelClass, layer, System.StringComparison.Ordinal);
        int end = text.IndexOf("private static class", start + 1, System.StringComparison.Ordinal);
        string conv2 = text[start..end];
        Assert.Matches($"f32-conv-3x3s1p1-[0-9]+x[0-9]+-{suffix}", text[layer..end]);
        Assert.Contains(fma, conv2);
        Assert.Contains(vector + ".LoadUnsafe(ref wc, ", conv2);

        // Loops over output rows, register blocks and pixel tiles, and inside a tile one loop over chunks of input
        // channels (32 channels x 9 taps is past the unrolling budget); a tile never loops over taps. Only the shared
        // code of the cold border (rows crossing the top or bottom edge, border pixels) loops over kernel rows and taps.
        var loops = conv2.Split('\n').Where(l => l.TrimStart().StartsWith("for (", System.StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
        Assert.All(loops, l => Assert.Matches(@"^for \((int (oy|blk|ox|n) = |nint c = 0; c < 32; c \+= [0-9]+\)|int ky = kyLo; ky < kyHi; ky\+\+\)|int kx = kxLo; kx < kxHi; kx\+\+\))", l));
        Assert.Contains(loops, l => l.StartsWith("for (nint c = 0;", System.StringComparison.Ordinal));
        foreach (string tile in Regex.Split(conv2, @"(?=private static void )").Where(m => m.StartsWith("private static void Tile", System.StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("for (int k", tile);
        }
    }

    [Theory]
    [InlineData("[DepthwiseConv2DKernel(56, 56, 128, Padding = Padding.Same)]", true)]
    [InlineData("[DepthwiseConv2DKernel(28, 28, 128, Padding = Padding.Same)]", false)]
    [InlineData("[Conv2DKernel(56, 56, 128, 128, 1)]", true)]
    [InlineData("[Conv2DKernel(28, 28, 128, 128, 1)]", false)]
    [InlineData("[Conv2DKernel(56, 56, 128, 128, 3, Padding = Padding.Same)]", false)]
    public void RowsOfImagesPastL2PrefetchTheNextRow(string attribute, bool prefetches)
    {
        string text = GeneratorHarness.GeneratedText("using ConvGen;\n" + attribute + " public static partial class Layer { }");
        Assert.Equal(prefetches, text.Contains("KernelPrefetch.ToL2(ref x, xRow + ", System.StringComparison.Ordinal));
        Assert.Equal(prefetches, text.Contains("KernelPrefetch.ToL2(ref o, oRow + ", System.StringComparison.Ordinal));
    }

    // A flattened 1x1 row asks for the next row tile by tile, inside its tile loop (at both widths), not all at once at the
    // row's start: a whole row's hints at once are more lines than the core keeps in flight. 128 -> 128: the forward
    // kernel and the input gradient's (its input, 56x56x128, is as large); 256 -> 64: the forward kernel only.
    [Theory]
    [InlineData("[Conv2DKernel(56, 56, 128, 128, 1)]", 128, 4)]
    [InlineData("[Conv2DKernel(56, 56, 256, 64, 1)]", 256, 2)]
    public void FlattenedRowsPrefetchTileByTile(string attribute, int channels, int kernels)
    {
        string text = GeneratorHarness.GeneratedText("using ConvGen;\n" + attribute + " public static partial class Layer { }");
        Assert.Equal(kernels, Regex.Matches(text, $@"KernelPrefetch\.ToL2\(ref x, xRow \+ [0-9]+ \+ ox \* {channels}, [0-9]+, InputImageLength\);").Count);
        Assert.DoesNotMatch(@"KernelPrefetch\.ToL2\(ref x, xRow \+ [0-9]+, ", text);
    }

    // A tile whose neighbouring pixels read the same input columns goes column by column when its kernel row's weights
    // fit in the registers beside its accumulators: the 12-pixel x 32-channel 512-bit tile of a 1-channel 3x3 kernel
    // loads each kernel row's 6 weight vectors once and broadcasts each of the row's 14 input columns once (42
    // broadcasts for 216 FMAs; tap by tap it asked for 108, and the JIT kept the repeated ones in registers across taps
    // and spilled: a 1,136-byte frame). The 256-bit 6-pixel x 16-channel tile would need 12 + 6 + 1 of 16 registers, so
    // it stays tap by tap (54 broadcasts), as does the border pixels' code (nothing to share), one-vector tiles (too few
    // products per column between two into one accumulator) and 1x1 kernels.
    [Fact]
    public void TilesGoColumnByColumnWhereTheirRowWeightsFit()
    {
        string text = GeneratorHarness.GeneratedText("using ConvGen;\n[Conv2DKernel(28, 28, 1, 32, 3, Padding = Padding.Same)] public static partial class Layer { }");
        string wide = TileMethod(text, "Avx512Kernel", "Tile12x2_Ky0to2_Kx0to2");
        Assert.Equal(42, Regex.Matches(wide, @"xb = Vector512\.Create\(").Count);
        Assert.Equal(216, Regex.Matches(wide, @"= FusedMultiplyAdd\(").Count);
        Assert.Equal(18, Regex.Matches(wide, @"w[0-2]_[01] = Vector512\.LoadUnsafe\(").Count);
        Assert.Equal(3, Regex.Matches(wide, "// Kernel row [0-2]: taps kx 0..2, input columns 0..13").Count);

        string narrow = TileMethod(text, "Avx2Kernel", "Tile6x2_Ky0to2_Kx0to2");
        Assert.Equal(54, Regex.Matches(narrow, @"xb = Vector256\.Create\(").Count);
        Assert.DoesNotContain("// Kernel row", narrow);
        Assert.DoesNotContain("// Kernel row", TileMethod(text, "Avx512Kernel", "EdgePixel2"));
    }

    // Only the whole interior tiles of the rows that use every kernel row are unrolled methods of their own: the edge
    // rows' tiles and each row's shorter last interior tile run one strip method per tile length (kernel rows looped),
    // the border pixels one pixel method (taps looped), the bounds passed at run time. The seed's first convolution
    // has per width one hot tile, two strips (the whole tile's length and the 2-pixel rest of 26 interior columns)
    // and one pixel method, not a method per (kernel rows, kernel columns) range.
    [Fact]
    public void OnlyTheInteriorTilesOfFullRowsAreUnrolledMethods()
    {
        var (result, _) = GeneratorHarness.Run("using ConvGen;\n[Conv2DKernel(28, 28, 1, 32, 3, Padding = Padding.Same)] public static partial class Layer { }");
        string file = GeneratorHarness.GeneratedFile(result, "Conv3x3S1Same_28x28x1_32.").Replace("\r\n", "\n", System.StringComparison.Ordinal);
        string text = KernelClass(file, "Avx512Kernel") + KernelClass(file, "Avx2Kernel");
        string[] methods = Regex.Matches(text, @"private static void ((?:Tile|EdgeRow|EdgePixel)\w*)\(").Select(m => m.Groups[1].Value).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "EdgePixel2", "EdgePixel2", "EdgeRow12x2_Kx0to2", "EdgeRow2x2_Kx0to2", "EdgeRow2x2_Kx0to2", "EdgeRow6x2_Kx0to2",
                "Tile12x2_Ky0to2_Kx0to2", "Tile6x2_Ky0to2_Kx0to2",
            },
            methods);

        // Its top and bottom rows share one row method per width, their kernel rows passed at run time.
        Assert.Equal(2, Regex.Matches(text, @"private static void RowEdge\(ref float x, ref float w, ref float b, ref float o, int oy, int kyLo, int kyHi\)").Count);
        Assert.DoesNotContain("RowTop", text);
        Assert.DoesNotContain("RowBottom", text);
    }

    // The text of one nested kernel class (the forward pass's, not the input gradient's): to its closing brace.
    private static string KernelClass(string text, string kernelClass)
    {
        int start = text.IndexOf($"class {kernelClass}\n", System.StringComparison.Ordinal);
        Assert.True(start >= 0, $"{kernelClass} not generated");
        return text.Substring(start, text.IndexOf("\n    }\n", start, System.StringComparison.Ordinal) - start);
    }

    // The text of one tile method of a nested kernel class: from its signature to the next method's.
    private static string TileMethod(string text, string kernelClass, string method)
    {
        int start = text.IndexOf($"private static void {method}(", text.IndexOf($"class {kernelClass}", System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        Assert.True(start >= 0, $"{kernelClass}.{method} not generated");
        int end = text.IndexOf("private static void ", start + 1, System.StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
    }

    // A network on 56x56x128 images whose layers all have 1 MB outputs: every pass streams at both widths where its
    // vectors are whole: the depthwise layer (the first: no input gradient) and its BatchNorm-folded inference kernel
    // (2 + 2 classes); the pointwise layer, its folded kernel and its input gradient (6); the two branches' 1x1 slice
    // writers (64 and 80 filters at a pixel stride of 144) and their input gradients (4 + 4); the last layer's input
    // gradient (144 channels; its 20 filters are not whole vectors, so its forward does not stream) (2). It compiles.
    [Fact]
    public void LargeLayersOfANetworkStreamTheirOutputAndCompile()
    {
        var (result, output) = GeneratorHarness.Run("""
            using ConvGen;
            [ConvNet]
            [Input(56, 56, 128)]
            [DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu6)]
            [Conv2D(128, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu6)]
            [Branch, Conv2D(64, 1, Activation = Activation.Relu)]
            [Branch, Conv2D(80, 1, Activation = Activation.Relu)]
            [Concatenate]
            [Conv2D(20, 1)]
            [MaxPool2D(2), Flatten, Dense(10, Activation = Activation.Softmax)]
            public partial class Big { }
            """);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        string text = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        var streaming = System.Text.RegularExpressions.Regex.Matches(text, @"private readonly struct (\w+) : global::ConvGen.__Internals.IStreamingKernel").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(20, streaming.Count);
        Assert.Equal(10, streaming.Count(n => n.StartsWith("Avx512", System.StringComparison.Ordinal)));
        Assert.Equal(8, streaming.Count(n => n.EndsWith("BackwardDataKernel", System.StringComparison.Ordinal)));
        Assert.Equal(streaming.Count, System.Text.RegularExpressions.Regex.Matches(text, @"OutputStreaming\.Run<").Count);
    }

    [Fact]
    public void GeneratedCodeCompilesWithoutErrors()
    {
        var (result, output) = GeneratorHarness.Run(TestSources.SeedModel, """
            using ConvGen;
            [Conv2DKernel(15, 15, 13, 17, 3, Padding = Padding.Same, Strides = 2)]
            public partial class Stride2 { }
            """);
        Assert.Contains(result.GeneratedSources, s => s.HintName.StartsWith("Samples.FashionCnn.", System.StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName.StartsWith("Stride2.", System.StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "ConvGen.__Generated.Conv3x3S2Same_15x15x13_17.g.cs");
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
    }

    [Fact]
    public void FloatLiteralsAreCultureInvariant()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var commaDecimals = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            commaDecimals.NumberFormat.NumberDecimalSeparator = ",";
            commaDecimals.NumberFormat.NumberGroupSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = commaDecimals;
            var (_, output) = GeneratorHarness.Run(TestSources.SeedModel);
            Assert.Empty(GeneratorHarness.CompilerErrors(output));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }
}
