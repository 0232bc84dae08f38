using System;
using System.Linq;
using System.Reflection;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>Every diagnostic of the catalogue, triggered by the declaration it is for.</summary>
public class DiagnosticTests
{
    private const string Usings = "using ConvGen;\n";

    private static Diagnostic Single(string id, string source)
    {
        var diagnostics = GeneratorHarness.Diagnostics(Usings + source);
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", diagnostics.Select(d => d.Id + " " + d.GetMessage()))}");
        Assert.False(matching[0].Location == Location.None && id != "CG9999", $"{id} has no location");
        return matching[0];
    }

    [Fact]
    public void CatalogueHasUniqueIdsTitlesMessagesAndHelp()
    {
        var descriptors = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Static | BindingFlags.Public)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        Assert.True(descriptors.Count >= 16);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^CG[0-9]{4}$", d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
            Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat.ToString()));
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id + " has no help text");
        });
    }

    [Fact]
    public void CG0001_NotPartial()
    {
        var d = Single("CG0001", "[ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public class Net { }");
        Assert.Contains("'Net'", d.GetMessage());
        Assert.Contains("partial", d.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Single("CG0001", "[Conv2DKernel(8, 8, 1, 4, 3)] public static class K { }");
    }

    [Fact]
    public void CG0002_NestedOrGeneric()
    {
        Assert.Contains("nested in 'Outer'", Single("CG0002", "public partial class Outer { [ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public partial class Net { } }").GetMessage());
        Assert.Contains("generic (<T>)", Single("CG0002", "[ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public partial class Net<T> { }").GetMessage());
    }

    [Fact]
    public void CG0003_MissingInput() =>
        Assert.Contains("[Input(height, width, channels)]", Single("CG0003", "[ConvNet, Conv2D(4, 3)] public partial class Net { }").GetMessage());

    [Theory]
    [InlineData("[ConvNet, Input(0, 8, 1), Conv2D(4, 3)]", "Input height is 0; expected 1..4096")]
    [InlineData("[ConvNet, Input(8, 5000, 1), Conv2D(4, 3)]", "Input width is 5000; expected 1..4096")]
    [InlineData("[ConvNet, Input(8, 8, 1), Conv2D(-4, 3)]", "Layer 'conv2d': filters is -4; expected 1..65536")]
    [InlineData("[ConvNet, Input(8, 8, 1), Flatten, Dense(0)]", "Layer 'dense': units is 0; expected 1..65536")]
    [InlineData("[ConvNet, Input(4096, 4096, 4096), Conv2D(4, 3)]", "Input floats per image is 68719476736; expected 1..268435456")]
    public void CG0004_SizeOutOfRange(string attributes, string message) =>
        Assert.Contains(message, Single("CG0004", attributes + " public partial class Net { }").GetMessage());

    [Theory]
    [InlineData("Conv2D(4, 4)", "kernel size 4 is not supported; expected 1, 3, 5 or 7")]
    [InlineData("Conv2D(4, 9)", "kernel size 9 is not supported; expected 1, 3, 5 or 7")]
    [InlineData("Conv2D(4, 3, Strides = 3)", "stride 3 is not supported; expected 1 or 2")]
    [InlineData("Conv2D(4, 3, Padding = (Padding)7)", "padding value 7 is not supported")]
    public void CG0005_UnsupportedConvolution(string layer, string message) =>
        Assert.Contains(message, Single("CG0005", $"[ConvNet, Input(8, 8, 1), {layer}] public partial class Net {{ }}").GetMessage());

    [Fact]
    public void CG0005_DepthwiseKernelsAre3x3Or5x5()
    {
        Assert.Contains("depthwise kernel size 7", Single("CG0005", "[ConvNet, Input(8, 8, 4), DepthwiseConv2D(7)] public partial class Net { }").GetMessage());
        Assert.Contains("depthwise kernel size 1", Single("CG0005", "[DepthwiseConv2DKernel(8, 8, 4, 1)] public partial class K { }").GetMessage());
    }

    [Theory]
    [InlineData("Conv2D(4, 3, Pads = new[] { 3, 0, 0, 0 })", "hold 3; each pad must be at least 0 and less than the window size 3")]
    [InlineData("Conv2D(4, 7, Strides = 2, Pads = new[] { 3, 3, 2 })", "hold 3 value(s); expected 4")]
    [InlineData("DepthwiseConv2D(5, Padding = Padding.Same, Pads = new[] { 2, 2, 2, 2 })", "with Padding.Same")]
    public void CG0030_InvalidConvolutionPads(string layer, string expected) =>
        Assert.Contains(expected, Single("CG0030", $"[ConvNet, Input(8, 8, 4), {layer}] public partial class Net {{ }}").GetMessage());

    [Fact]
    public void PadsThatKerasGivesDeclareTheSameKernel()
    {
        // Pads equal to 'same' (1,1,1,1 for a stride-1 3x3) are 'same': one kernel, named so; PyTorch's stride-2 pads are explicit.
        var (result, output) = GeneratorHarness.Run(Usings + "[ConvNet, Input(8, 8, 4), Conv2D(8, 3, Pads = new[] { 1, 1, 1, 1 }), Conv2D(8, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 })] public partial class Net { }");
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        Assert.Contains(result.GeneratedSources, s => s.HintName.Contains("Conv3x3S1Same_8x8x4_8"));
        Assert.Contains(result.GeneratedSources, s => s.HintName.Contains("Conv3x3S2Pad1100_8x8x8_8"));
    }

    [Fact]
    public void CG0006_EmptyOutput()
    {
        Assert.Contains("on a 2x2 input gives an empty 0x0 output", Single("CG0006", "[ConvNet, Input(2, 2, 3), Conv2D(4, 3)] public partial class Net { }").GetMessage());
        Assert.Contains("max pooling stride 2", Single("CG0006", "[ConvNet, Input(4, 4, 3), MaxPool2D(2), MaxPool2D(2), MaxPool2D(2)] public partial class Net { }").GetMessage());
        Single("CG0006", "[Conv2DKernel(1, 1, 3, 4, 3)] public partial class K { }");
    }

    [Fact]
    public void CG0007_DenseOnSpatial() =>
        Assert.Contains("(None, 8, 8, 4)", Single("CG0007", "[ConvNet, Input(8, 8, 1), Conv2D(4, 1), Dense(10)] public partial class Net { }").GetMessage());

    [Fact]
    public void CG0008_SpatialOnFlat() =>
        Assert.Contains("follows a flat tensor (None, 64)", Single("CG0008", "[ConvNet, Input(8, 8, 1), Flatten, Conv2D(4, 1)] public partial class Net { }").GetMessage());

    [Fact]
    public void CG0009_Contradictory()
    {
        Assert.Contains("cannot be combined", Single("CG0009", "[ConvNet, Conv2DKernel(8, 8, 1, 4, 3), Input(8, 8, 1)] public partial class Net { }").GetMessage());
        Assert.Contains("already flat", Single("CG0009", "[ConvNet, Input(8, 8, 1), Flatten, Flatten] public partial class Net { }").GetMessage());
        Assert.Contains("used twice", Single("CG0009", "[ConvNet, Input(8, 8, 1), Conv2D(4, 1, Name = \"a\"), Conv2D(4, 1, Name = \"a\")] public partial class Net { }").GetMessage());
        Assert.Contains("[Input] belongs to [ConvNet] networks", Single("CG0009", "[Conv2DKernel(8, 8, 1, 4, 3), Input(8, 8, 1)] public partial class K { }").GetMessage());
        Assert.Contains("cannot be combined", Single("CG0009", "[Conv2DKernel(8, 8, 1, 4, 3), DepthwiseConv2DKernel(8, 8, 4)] public partial class K { }").GetMessage());
        Assert.Contains("cannot be combined", Single("CG0009", "[ConvNet, DepthwiseConv2DKernel(8, 8, 4), Input(8, 8, 4)] public partial class K { }").GetMessage());
    }

    [Fact]
    public void CG0010_NotConstant()
    {
        Assert.Contains("[Conv2D]", Single("CG0010", "[ConvNet, Input(8, 8, 1), Conv2D(Net.Filters, 3)] public partial class Net { public static int Filters = 4; }").GetMessage());
        Single("CG0010", "[Conv2DKernel(8, 8, 1, \"four\", 3)] public partial class K { }");
    }

    [Fact]
    public void CG0011_InvalidActivation()
    {
        Assert.Contains("activation Softmax is not valid here", Single("CG0011", "[ConvNet, Input(8, 8, 1), Conv2D(4, 3, Activation = Activation.Softmax)] public partial class Net { }").GetMessage());
        Single("CG0011", "[ConvNet, Input(8, 8, 1), Flatten, Dense(4, Activation = (Activation)9)] public partial class Net { }");
        Assert.Contains("Activation.Relu6", Single("CG0011", "[Conv2DKernel(8, 8, 1, 4, 3, Activation = (Activation)7)] public partial class K { }").GetMessage());
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("1")]
    [InlineData("double.NaN")]
    public void CG0012_InvalidDropout(string rate) =>
        Assert.Contains("outside [0, 1)", Single("CG0012", $"[ConvNet, Input(8, 8, 1), Flatten, Dropout({rate})] public partial class Net {{ }}").GetMessage());

    [Fact]
    public void CG0013_UnsupportedPool()
    {
        Assert.Contains("pool size 4", Single("CG0013", "[ConvNet, Input(8, 8, 1), MaxPool2D(4)] public partial class Net { }").GetMessage());
        Assert.Contains("stride 3", Single("CG0013", "[ConvNet, Input(8, 8, 1), MaxPool2D(2, Strides = 3)] public partial class Net { }").GetMessage());
        Assert.Contains("padding value 4", Single("CG0013", "[ConvNet, Input(8, 8, 1), MaxPool2D(2, Padding = (Padding)4)] public partial class Net { }").GetMessage());
    }

    [Fact]
    public void CG0013_UnsupportedAveragePooling()
    {
        Assert.Contains("pool size 4", Single("CG0013", "[ConvNet, Input(8, 8, 1), AveragePooling2D(4)] public partial class Net { }").GetMessage());
        Assert.Contains("stride 4", Single("CG0013", "[ConvNet, Input(8, 8, 1), AveragePooling2D(3, Strides = 4)] public partial class Net { }").GetMessage());
    }

    [Fact]
    public void CG0008_PoolingAFlatTensor()
    {
        Assert.Contains("GlobalAveragePooling2D", Single("CG0008", "[ConvNet, Input(8, 8, 2), Flatten, GlobalAveragePooling2D] public partial class Net { }").GetMessage());
        Assert.Contains("AveragePooling2D", Single("CG0008", "[ConvNet, Input(8, 8, 2), Flatten, AveragePooling2D] public partial class Net { }").GetMessage());

        // Global pooling gives Keras's (None, C): a convolution after it is on a flat tensor.
        Assert.Contains("(None, 2)", Single("CG0008", "[ConvNet, Input(8, 8, 2), GlobalMaxPooling2D, Conv2D(4, 1)] public partial class Net { }").GetMessage());
    }

    [Theory]
    [InlineData("MaxPool2D(3, Strides = 2, Pads = new[] { 3, 0, 0, 0 })", "hold 3; each pad must be at least 0 and less than the window size 3")]
    [InlineData("MaxPool2D(2, Pads = new[] { 0, -1, 0, 0 })", "hold -1")]
    [InlineData("AveragePooling2D(3, Pads = new[] { 1, 1 })", "hold 2 value(s); expected 4")]
    [InlineData("AveragePooling2D(3, Padding = Padding.Same, Pads = new[] { 1, 1, 1, 1 })", "with Padding.Same")]
    public void CG0030_InvalidPads(string layer, string expected) =>
        Assert.Contains(expected, Single("CG0030", $"[ConvNet, Input(8, 8, 1), {layer}] public partial class Net {{ }}").GetMessage());

    [Fact]
    public void CG0014_NoLayersIsAWarning()
    {
        var d = Single("CG0014", "[ConvNet, Input(8, 8, 1)] public partial class Net { }");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void CG0015_LayersOnTwoDeclarations() =>
        Single("CG0015", "[ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public partial class Net { }\n[Conv2D(4, 1)] public partial class Net { }");

    [Fact]
    public void BatchNormalizationArgumentsAreChecked()
    {
        Assert.Contains("momentum 1.5", Single("CG0004", "[ConvNet, Input(8, 8, 4), BatchNormalization(Momentum = 1.5)] public partial class Net { }").GetMessage());
        Assert.Contains("activation Softmax", Single("CG0011", "[ConvNet, Input(8, 8, 4), BatchNormalization(Activation = Activation.Softmax)] public partial class Net { }").GetMessage());
        Assert.Contains("activation Softmax", Single("CG0011", "[ConvNet, Input(8, 8, 4), Branch, Conv2D(4, 1), Branch, Add(Activation = Activation.Softmax)] public partial class Net { }").GetMessage());
    }

    [Fact]
    public void CG0016_NetworkWithABaseClass()
    {
        var d = Single("CG0016", "public class Base { } [ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public partial class Net : Base { }");
        Assert.Contains("'Base'", d.GetMessage());
        Assert.DoesNotContain(GeneratorHarness.Diagnostics(Usings + "public class Base { } [ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public static partial class Kernels { }"), x => x.Id == "CG0016");
    }

    [Fact]
    public void CG0017_UnbalancedBlocks()
    {
        Assert.Contains("never merged", Single("CG0017", "[ConvNet, Input(8, 8, 4), Branch, Conv2D(4, 1), Branch, Conv2D(4, 3, Padding = Padding.Same)] public partial class Net { }").GetMessage());
        Assert.Contains("fewer than two branches", Single("CG0017", "[ConvNet, Input(8, 8, 4), Conv2D(4, 1), Concatenate] public partial class Net { }").GetMessage());
    }

    [Fact]
    public void CG0018_MergeShapesNameBothSides()
    {
        var concat = Single("CG0018", "[ConvNet, Input(8, 8, 4), Branch, Conv2D(4, 1), Branch, Conv2D(4, 3), Concatenate] public partial class Net { }").GetMessage();
        Assert.Contains("(None, 8, 8, 4)", concat);
        Assert.Contains("(None, 6, 6, 4)", concat);
        var add = Single("CG0018", "[ConvNet, Input(8, 8, 4), Branch, Conv2D(6, 1), Branch, Add] public partial class Net { }").GetMessage();
        Assert.Contains("(None, 8, 8, 6)", add);
        Assert.Contains("(None, 8, 8, 4)", add);
        Assert.Contains("same shape", add);
    }

    [Fact]
    public void CG0100_SegmentationIsAnInfoNamingTheSplit()
    {
        var d = Single("CG0100", "[Conv2DKernel(8, 8, 512, 512, 3, Padding = Padding.Same, Strides = 2)] public partial class Big { }");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Matches(@"each tile is a loop over \d+ chunk\(s\) of \d+ input channel\(s\) x 9 tap\(s\), unrolled in each, the accumulators in registers \(512-bit\); a loop over", d.GetMessage());

        // A Winograd layer's forward code is its 1x1 products: their tiles loop over the 512 transformed channels.
        Assert.Matches(@"x 1 tap\(s\), unrolled in each, the accumulators in registers \(512-bit Winograd products\)",
            Single("CG0100", "[Conv2DKernel(8, 8, 512, 512, 3, Padding = Padding.Same)] public partial class Big { }").GetMessage());
        Assert.DoesNotContain(GeneratorHarness.Diagnostics(Usings + "[Conv2DKernel(8, 8, 1, 32, 3, Padding = Padding.Same)] public partial class Small { }"), x => x.Id == "CG0100");
    }

    [Fact]
    public void CG9999_AnUnexpectedExceptionBecomesADiagnosticNotACrash()
    {
        NetworkParser.FaultInjectionForTests = name => { if (name == "Faulty") { throw new InvalidOperationException("injected fault"); } };
        try
        {
            var (result, output) = GeneratorHarness.Run(Usings + "[ConvNet, Input(8, 8, 1), Conv2D(4, 3)] public partial class Faulty { }");
            Assert.Null(result.Exception);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "CG9999");
            Assert.Contains("injected fault", d.GetMessage());
            Assert.DoesNotContain(output.GetDiagnostics(), x => x.Id == "CS8785");
        }
        finally
        {
            NetworkParser.FaultInjectionForTests = null;
        }
    }

    [Fact]
    public void ValidDeclarationsReportNothing()
    {
        var diagnostics = GeneratorHarness.Diagnostics(TestSources.SeedModel);
        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void InvalidDeclarationsEmitNoCode()
    {
        var (result, _) = GeneratorHarness.Run(Usings + "[ConvNet, Input(2, 2, 3), Conv2D(4, 3)] public partial class Net { }");
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("[ConvNet, Input(8, 8, 1), Conv2D(4, 3")]
    [InlineData("[ConvNet, Input(, 8, 1), Conv2D(4, 3)] public partial class Net { }")]
    [InlineData("[ConvNet, Input(8, 8, 1), Conv2D(4, 3, Padding = )] public partial class Net { }")]
    [InlineData("[ConvNet, Input(8, 8, 1), Conv2D] public partial class Net { }")]
    [InlineData("[ConvNet, Input(8, 8, 1), Conv2D(4, 3, Nope = 1)] public partial class Net { }")]
    [InlineData("[ConvNet] public partial record Net { }")]
    public void BrokenSourceNeverCrashesTheGenerator(string source)
    {
        var (result, output) = GeneratorHarness.Run(Usings + source);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(output.GetDiagnostics(), x => x.Id == "CS8785");
    }
}
