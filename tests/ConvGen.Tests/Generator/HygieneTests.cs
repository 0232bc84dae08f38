using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>
/// Generated code compiles whatever the user's project declares around it: every runtime and BCL name it uses is
/// <c>global::</c>-qualified (or imported inside its own namespace), and every class gets a file of its own.
/// </summary>
public class HygieneTests
{
    // Types named like those the generated code uses, declared where they would capture an unqualified name: in the
    // network's namespace and in the global namespace.
    private const string Impostors = """
        public enum Activation { Relu }
        public enum Padding { Same }
        public class Layer { }
        public struct Conv2DShape { }
        public static class Math { }
        public static class Unsafe { }
        public static class Vector256 { }
        public static class Vector512 { }
        public static class Fma { }
        public static class Avx512F { }
        public static class MemoryMarshal { }
        public class LayerSummary { }
        public class LayerDefinition { }
        public class IConv2DKernel { }
        public class PackedLayouts { }
        public class Span<T> { }
        public class ReadOnlySpan<T> { }
        """;

    [Fact]
    public void UserTypesNamedLikeTheOnesGeneratedCodeUsesDoNotBreakTheBuild()
    {
        var (result, output) = GeneratorHarness.Run(
            "namespace Samples { " + Impostors + " }",
            Impostors,
            """
            namespace Samples
            {
                [ConvGen.ConvNet, ConvGen.Input(14, 14, 16)]
                [ConvGen.Conv2D(16, 3, Padding = ConvGen.Padding.Same, Activation = ConvGen.Activation.Relu)]
                [ConvGen.MaxPool2D(2)]
                [ConvGen.Branch, ConvGen.Conv2D(8, 1, UseBias = false), ConvGen.BatchNormalization]
                [ConvGen.Branch, ConvGen.Conv2D(8, 1)]
                [ConvGen.Add(Activation = ConvGen.Activation.Relu)]
                [ConvGen.DepthwiseConv2D(3, Padding = ConvGen.Padding.Same, Strides = 2, Activation = ConvGen.Activation.Relu6)]
                [ConvGen.Flatten, ConvGen.Dense(10, Activation = ConvGen.Activation.Softmax)]
                public partial class Net { }

                [ConvGen.Conv2DKernel(8, 8, 16, 16, 3, Padding = ConvGen.Padding.Same)]
                public static partial class Kernel3x3 { }
            }
            """);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
    }

    [Fact]
    public void ClassesWhoseNamesDifferOnlyInCaseGetFilesOfTheirOwn()
    {
        const string Layers = "ConvGen.Input(6, 6, 2), ConvGen.Conv2D(4, 3), ConvGen.Flatten, ConvGen.Dense(3, Activation = ConvGen.Activation.Softmax)";
        var (result, output) = GeneratorHarness.Run(
            $"namespace Nets {{ [ConvGen.ConvNet, {Layers}] public partial class Net {{ }} [ConvGen.ConvNet, {Layers}] public partial class NET {{ }} }}",
            $"namespace NETS {{ [ConvGen.ConvNet, {Layers}] public partial class Net {{ }} }}",
            $"namespace @if {{ [ConvGen.ConvNet, {Layers}] public partial class @class {{ }} }}");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        string[] names = result.GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(4, names.Count(n => !n.StartsWith("ConvGen.__Generated.", StringComparison.Ordinal)));
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
    }

    [Fact]
    public void LayerNamesReachTheCodeAsEscapedStrings()
    {
        var (result, output) = GeneratorHarness.Run("""
            using ConvGen;
            [ConvNet, Input(6, 6, 2), Conv2D(4, 3, Name = "a\"b\\c"), Flatten(Name = "line\nbreak"), Dense(3, Activation = Activation.Softmax)]
            public partial class Named { }
            """);
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        string text = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains("LayerDefinition.Conv2D(\"a\\\"b\\\\c\"", text);
        Assert.Contains("LayerDefinition.Flatten(\"line\\nbreak\")", text);
    }
}
