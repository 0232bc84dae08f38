using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using ConvGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>
/// Issue 21's generator items, one small declaration each: the generator never throws, never emits code that fails
/// to compile or warns, and gives every declaration it cannot generate a specific CGxxxx. (The fuzz test,
/// <see cref="Fuzz.GeneratorFuzzTests"/>, holds thousands of declarations to the same rule.)
/// </summary>
public class ReliabilityTests
{
    private const string Usings = "using ConvGen;\n";

    // Runs the generator as a consumer with TreatWarningsAsErrors and Nullable enable would, at a language version.
    private static (GeneratorRunResult Result, ImmutableArray<Diagnostic> Compiler) Run(LanguageVersion language, params string[] sources)
    {
        var parse = new CSharpParseOptions(language);
        CSharpCompilation compilation = GeneratorHarness.Compilation().AddSyntaxTrees(
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s.StartsWith("global using", StringComparison.Ordinal) ? s : Usings + s, parse, path: $"Source{i}.cs")))
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ConvGenGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG9999");
        return (result, output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591").ToImmutableArray());
    }

    private static (GeneratorRunResult Result, ImmutableArray<Diagnostic> Compiler) Run(params string[] sources) => Run(LanguageVersion.Latest, sources);

    // The declaration is generated and the whole compilation (user's code and generated code) has no error or warning.
    private static GeneratorRunResult Compiles(params string[] sources) => Compiles(LanguageVersion.Latest, sources);

    private static GeneratorRunResult Compiles(LanguageVersion language, params string[] sources)
    {
        var (result, compiler) = Run(language, sources);
        Assert.True(result.Diagnostics.All(d => d.Severity < DiagnosticSeverity.Warning), string.Join("\n", result.Diagnostics));
        Assert.True(compiler.IsEmpty, string.Join("\n", compiler));
        Assert.NotEmpty(result.GeneratedSources);
        return result;
    }

    // The generator reports exactly the given id (with a location in the user's code) and the compilation has no error
    // in generated code.
    private static Diagnostic Reports(string id, params string[] sources) => Reports(LanguageVersion.Latest, id, sources);

    private static Diagnostic Reports(LanguageVersion language, string id, params string[] sources)
    {
        var (result, compiler) = Run(language, sources);
        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", result.Diagnostics.Select(d => d.Id + " " + d.GetMessage()))}");
        Assert.True(matching[0].Location.GetLineSpan().Path.StartsWith("Source", StringComparison.Ordinal), $"{id} has no location in the user's code");
        Assert.DoesNotContain(compiler, d => d.Location.SourceTree is { } tree && !tree.FilePath.StartsWith("Source", StringComparison.Ordinal));
        return matching[0];
    }

    private const string Layers = "Input(4, 4, 2), Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Relu), Flatten, Dense(3, Activation = Activation.Softmax)";

    [Fact]
    public void AnAttributeOnBothPartialPartsGeneratesTheClassOnce()
    {
        var (result, compiler) = Run(
            $"[ConvNet, {Layers}] public partial class Net {{ }} [ConvNet] public partial class Net {{ }}",
            "[Conv2DKernel(4, 4, 2, 4, 3)] public static partial class K { } [Conv2DKernel(4, 4, 2, 4, 3)] public static partial class K { }");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedSources.Count(s => !s.HintName.StartsWith("ConvGen.__Generated.", StringComparison.Ordinal)));
        Assert.All(compiler, d => Assert.Equal("CS0579", d.Id)); // the compiler's own: duplicate attribute
    }

    [Theory]
    [InlineData("@class")]
    [InlineData("@event")]
    [InlineData("nint")]
    [InlineData("nuint")]
    [InlineData("net")]
    [InlineData("Réseau")]
    public void ClassesNamedWithKeywordsAndLowerCaseCompileWithoutWarnings(string name)
    {
        // A lower-case name draws CS8981 on the user's declaration; the generated part does not repeat it.
        var (result, compiler) = Run($"#pragma warning disable CS8981\nnamespace N {{ [ConvNet, {Layers}] public partial class {name} {{ }}\n[Conv2DKernel(4, 4, 2, 4, 3)] public static partial class k{name.TrimStart('@')} {{ }} }}");
        Assert.Empty(result.Diagnostics);
        Assert.True(compiler.IsEmpty, string.Join("\n", compiler));
    }

    [Fact]
    public void ALongClassNameGetsAShortFileName()
    {
        string name = new('N', 450);
        GeneratorRunResult result = Compiles($"namespace {new string('S', 300)} {{ [ConvNet, {Layers}] public partial class {name} {{ }} }}");
        Assert.All(result.GeneratedSources, s => Assert.True(Encoding.UTF8.GetByteCount(s.HintName) <= 200, s.HintName));
    }

    [Theory]
    [InlineData("a\\\"b")]
    [InlineData("a\\\\b")]
    [InlineData("a\\r\\nb")]
    [InlineData("a\\u2028b")]
    [InlineData("a\\u0085b")]
    [InlineData("a<b&c>")]
    [InlineData("a\\u0001b")]
    [InlineData("a\\0b")]
    [InlineData("a\\ud800b")]
    [InlineData("/// <c>x</c>")]
    public void LayerNamesWithAnyCharacterCompileWithoutWarnings(string escaped)
    {
        GeneratorRunResult result = Compiles($"[ConvNet, Input(4, 4, 2), Conv2D(4, 3, Name = \"{escaped}\"), BatchNormalization, Flatten, Dense(3)] public partial class Net {{ }}");
        string value = (string)CSharpSyntaxTree.ParseText($"\"{escaped}\"").GetRoot().DescendantTokens().First().Value!;
        string generated = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains(CSharpSyntaxTree.ParseText(generated).GetRoot().DescendantTokens(), t => t.IsKind(SyntaxKind.StringLiteralToken) && (string?)t.Value == value);
    }

    [Theory]
    [InlineData("layers")]
    [InlineData("input_height")]
    [InlineData("predict")]
    [InlineData("summary")]
    [InlineData("to_string")]
    [InlineData("net")]
    [InlineData("activation")] // the property Activation would hide ConvGen.Activation in the class's own attributes (the long fuzz run's CS1061)
    [InlineData("padding")]
    public void ALayerNameThatGivesTheNameOfAnotherMemberIsReported(string name)
    {
        Diagnostic d = Reports("CG0019", $"[ConvNet, Input(4, 4, 2), Conv2D(4, 3, Name = \"{name}\"), Flatten, Dense(3)] public partial class Net {{ }}");
        Assert.Contains(name, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFoldedKernelPropertyThatCollidesWithALayerIsReported() =>
        Reports("CG0019", "[ConvNet, Input(4, 4, 2), Conv2D(4, 3, Padding = Padding.Same), BatchNormalization, Conv2D(4, 3, Padding = Padding.Same, Name = \"conv2d_folded\"), Flatten, Dense(3)] public partial class Net { }");

    [Fact]
    public void AUserMemberNamedLikeAGeneratedMemberIsReported()
    {
        Reports("CG0019", $"[ConvNet, {Layers}] public partial class Net {{ public static int InputHeight => 1; }}");
        Reports("CG0019", $"[ConvNet, {Layers}] public partial class Net {{ public int Conv2d {{ get; set; }} }}");
    }

    [Theory]
    [InlineData("Kernel")]
    [InlineData("Shape")]
    [InlineData("Filters")]
    public void AKernelClassNamedLikeAGeneratedMemberIsReported(string name) =>
        Reports("CG0019", $"[Conv2DKernel(4, 4, 2, 4, 3)] public static partial class {name} {{ }}");

    [Theory]
    [InlineData("Layers")]
    [InlineData("InputHeight")]
    public void ANetworkClassNamedLikeAGeneratedMemberIsReported(string name) =>
        Reports("CG0019", $"[ConvNet, {Layers}] public partial class {name} {{ }}");

    [Theory]
    [InlineData("public struct System { }")]
    [InlineData("#pragma warning disable CS8981\npublic struct nint { }")]
    public void AGlobalTypeThatHidesWhatGeneratedCodeUsesIsReported(string global) =>
        Reports("CG0024", $"namespace M {{ [ConvNet, {Layers}] public partial class Net {{ }} }}", global);

    [Fact]
    public void UserTypesAndAliasesInScopeDoNotCaptureGeneratedNames() =>
        Compiles(
            $"namespace N {{ public class Activation {{ }} public class Padding {{ }} public static class Math {{ }} public static class Unsafe {{ }} public static class Vector256 {{ }} public static class Fma {{ }} public class LayerSummary {{ }} [ConvGen.ConvNet, ConvGen.Input(4, 4, 2), ConvGen.Conv2D(8, 3, Padding = ConvGen.Padding.Same, Activation = ConvGen.Activation.Relu6), ConvGen.Flatten, ConvGen.Dense(3)] public partial class Net {{ }} }}",
            "global using Math = System.String; global using static System.Runtime.Intrinsics.Vector256;");

    [Fact]
    public void APrimaryConstructorOnANetworkIsReported() =>
        Reports("CG0022", $"[ConvNet, {Layers}] public partial class Net(int size) {{ public int Size => size; }}");

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.CSharp8)]
    [InlineData(LanguageVersion.CSharp9)]
    [InlineData(LanguageVersion.CSharp10)]
    public void ALanguageVersionBelowCSharp11IsReported(LanguageVersion language)
    {
        Diagnostic d = Reports(language, "CG0020", $"[ConvNet, {Layers}] public partial class Net {{ }}");
        Assert.Contains("C# 11", d.GetMessage(), StringComparison.Ordinal);
        Reports(language, "CG0020", "[Conv2DKernel(4, 4, 2, 4, 3)] public static partial class K { }");
    }

    [Fact]
    public void CSharp11IsEnough() =>
        Compiles(LanguageVersion.CSharp11, $"namespace N {{ [ConvNet, {Layers}] public partial class Net {{ }} [Conv2DKernel(4, 4, 2, 4, 3)] public static partial class K {{ }} }}");

    [Fact]
    public void A5120By5120WinogradKernelCompiles() =>
        Compiles("[Conv2DKernel(8, 8, 5120, 5120, 3, Padding = Padding.Same)] public static partial class K { }"); // was CS0220: int constants overflowed

    [Theory]
    [InlineData("Input(1, 1, 40000), Branch, Branch, Concatenate")] // 80,000 channels
    [InlineData("Input(4096, 4096, 16), Branch, Branch, Concatenate")] // 2^29 floats
    [InlineData("Input(4096, 4096, 16), Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch, Concatenate")] // 2^31 + 2^28 floats
    public void AConcatenationPastTheLimitsIsReported(string layers) =>
        Reports("CG0004", $"[ConvNet, {layers}] public partial class Net {{ }}");

    [Theory]
    [InlineData("Input(2, 2, 3), Conv2D(4, 3, Strides = 2)")]
    [InlineData("Input(2, 5, 3), DepthwiseConv2D(3, Strides = 2)")]
    public void AValidConvolutionLargerThanItsInputIsReported(string layers) =>
        Reports("CG0006", $"[ConvNet, {layers}] public partial class Net {{ }}");

    [Theory]
    [InlineData("record")]
    [InlineData("record class")]
    [InlineData("record struct")]
    public void ARecordIsReported(string kind)
    {
        Diagnostic d = Reports("CG0021", $"[ConvNet, {Layers}] public partial {kind} Net {{ }}");
        Assert.Contains("record", d.GetMessage(), StringComparison.Ordinal);
        Reports("CG0021", $"[Conv2DKernel(4, 4, 2, 4, 3)] public partial {kind} K {{ }}");
    }

    [Fact]
    public void LayerAttributesWithoutConvNetAreReported() =>
        Reports("CG0023", "[Input(4, 4, 2), Conv2D(4, 3), Flatten, Dense(3)] public partial class Net { }");

    [Fact]
    public void ALinearConvolutionFeedingALinearAddCompiles() =>
        Compiles("[ConvNet, Input(3, 3, 8), Branch, Conv2D(8, 3, Padding = Padding.Same), Branch, Add] public partial class Net { }",
            "[ConvNet, Input(3, 3, 16), Branch, Conv2D(16, 1), BatchNormalization, Branch, Add, Flatten, Dense(2)] public partial class Folded { }");

    [Fact]
    public void TheGeneratedCodeOfEveryLayerKindCompilesWithWarningsAsErrors() =>
        Compiles(
            """
            namespace Samples
            {
                [ConvNet, Input(14, 14, 3)]
                [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu), MaxPool2D(2)]
                [Branch, Conv2D(8, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
                [Branch, Conv2D(8, 3, Padding = Padding.Same, Strides = 1)]
                [Concatenate]
                [DepthwiseConv2D(3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu6)]
                [Branch, Conv2D(16, 1), Branch, Add(Activation = Activation.Relu)]
                [Flatten, Dropout(0.5), Dense(10, Activation = Activation.Softmax)]
                public partial class Net { }

                [ConvNet(InferenceOnly = true), Input(8, 8, 4), Conv2D(8, 3, Padding = Padding.Same), BatchNormalization, Flatten, Dense(2)]
                internal partial class Inference { }

                [ConvNet, Input(8, 8, 4), Conv2D(8, 3)]
                public static partial class KernelsOnly { }

                [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
                public static partial class Winograd { }

                [DepthwiseConv2DKernel(8, 8, 16, Strides = 2)]
                internal static partial class Depthwise { }
            }
            """);
}
