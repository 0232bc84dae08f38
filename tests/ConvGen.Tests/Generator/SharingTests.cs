using System;
using System.Linq;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>
/// A compilation generates each distinct kernel once: layers of one network, networks and standalone kernel classes
/// with the same convolution (shape, stride, padding, activation, epilogue, output stride) share one struct that has
/// every pass any of them needs.
/// </summary>
public class SharingTests
{
    [Fact]
    public void IdenticalConvolutionsShareOneKernel()
    {
        var (result, output) = GeneratorHarness.Run("""
            using ConvGen;
            namespace Samples;

            // Two identical blocks: their 3x3 convolutions are one kernel.
            [ConvNet, Input(8, 8, 16)]
            [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
            [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
            [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
            [Flatten, Dense(10, Activation = Activation.Softmax)]
            public partial class First { }

            // The same first convolution in another network, and as a standalone kernel.
            [ConvNet, Input(8, 8, 16)]
            [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
            [Flatten, Dense(10, Activation = Activation.Softmax)]
            public partial class Second { }

            [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
            public static partial class Standalone { }
            """);
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        string[] kernels = result.GeneratedSources.Select(s => s.HintName).Where(n => n.StartsWith("ConvGen.__Generated.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "ConvGen.__Generated.Conv3x3S1Same_8x8x16_16_Relu.g.cs" }, kernels);

        // The union of what its users need: the standalone class and the later layers need the input gradient.
        string kernel = GeneratorHarness.GeneratedFile(result, "Conv3x3S1Same_8x8x16_16_Relu");
        Assert.Contains("global::ConvGen.__Internals.TrainingKernel<Conv3x3S1Same_8x8x16_16_Relu>", kernel);
        Assert.Equal(3, GeneratorHarness.GeneratedFile(result, "Samples.First.").Split("global::ConvGen.__Generated.Conv3x3S1Same_8x8x16_16_Relu.Kernel").Length - 1);
    }

    [Fact]
    public void KernelsDifferingInTheirEpilogueAreDistinct()
    {
        var (result, _) = GeneratorHarness.Run("""
            using ConvGen;
            [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class A { }
            [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same)] public static partial class B { }
            [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same, UseBias = false)] public static partial class C { }
            [Conv2DKernel(8, 8, 16, 16, 3, Padding = Padding.Same, Winograd = false)] public static partial class D { }
            [Conv2DKernel(8, 8, 16, 16, 3, Strides = 2, Padding = Padding.Same)] public static partial class E { }
            [Conv2DKernel(8, 8, 3, 16, 3, Padding = Padding.Same, Winograd = false)] public static partial class F { }
            [Conv2DKernel(8, 8, 3, 16, 3, Padding = Padding.Same)] public static partial class G { }
            """);
        string[] kernels = result.GeneratedSources.Select(s => s.HintName).Where(n => n.StartsWith("ConvGen.__Generated.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        // F and G are one kernel: Winograd cannot apply to 3 input channels, so opting out changes nothing.
        Assert.Equal(
            new[]
            {
                "ConvGen.__Generated.Conv3x3S1Same_8x8x16_16.g.cs", "ConvGen.__Generated.Conv3x3S1Same_8x8x16_16_Direct.g.cs",
                "ConvGen.__Generated.Conv3x3S1Same_8x8x16_16_NoBias.g.cs", "ConvGen.__Generated.Conv3x3S1Same_8x8x16_16_Relu.g.cs",
                "ConvGen.__Generated.Conv3x3S1Same_8x8x3_16.g.cs", "ConvGen.__Generated.Conv3x3S2Same_8x8x16_16.g.cs",
            },
            kernels);
    }
}
