using System;
using System.Linq;
using System.Text;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>
/// Baselines a reviewer can read (issue 19): what the generator writes for tiny declarations, one per kernel family and
/// per network feature, each file under <see cref="MaxBaselineBytes"/>, committed as <c>Snapshots/NAME.verified.cs</c>.
/// A change to the generator shows here as a diff of a few hundred lines; accept it (<c>CONVGEN_ACCEPT_SNAPSHOTS=1</c>)
/// only after reading it. Numbers and speed are tested elsewhere (the kernel tests, <see cref="GeneratedCodeTests"/>,
/// <see cref="SizeBudgetTests"/>); these show the shape of the code.
/// </summary>
public class BaselineTests
{
    /// <summary>No baseline is larger than this: a diff one reads.</summary>
    public const int MaxBaselineBytes = 100_000;

    [Theory]
    // f32-conv (direct, 3×3 stride 1 'same', one input channel: the seed's first layer in miniature), f32-conv-dx, f32-conv-dw.
    [InlineData("Direct3x3", "[Conv2DKernel(6, 6, 1, 16, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class Direct3x3 { }")]
    // f32-conv 1×1 (a GEMM over pixels) and its gradients.
    [InlineData("Pointwise1x1", "[Conv2DKernel(2, 2, 8, 16, 1, Activation = Activation.Relu)] public static partial class Pointwise1x1 { }")]
    // 5×5 stride 2 with explicit, asymmetric pads (issue 22).
    [InlineData("Direct5x5Stride2Pads", "[Conv2DKernel(7, 7, 3, 8, 5, Strides = 2, Pads = new[] { 2, 2, 1, 1 })] public static partial class Direct5x5Stride2Pads { }")]
    // f32-winograd F(2×2, 3×3), forward (an inference-only layer: the input and weight gradients of both tile sizes, beside
    // their forward and product kernels, take a standalone kernel past the baseline size; WinogradTests check them): the
    // band loop, the layer's numbers for the runtime's transforms (WinogradTransforms), the 1×1 product kernel.
    [InlineData("WinogradF2", "[ConvNet(InferenceOnly = true), Input(6, 6, 16), Conv2D(16, 3, Padding = Padding.Same, UseBias = false, Activation = Activation.Relu), GlobalAveragePooling2D] public partial class WinogradF2 { }")]
    // f32-winograd F(4×4, 3×3), forward.
    [InlineData("WinogradF4", "[ConvNet(InferenceOnly = true), Input(8, 8, 16), Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu), GlobalAveragePooling2D] public partial class WinogradF4 { }")]
    // f32-dwconv (depthwise 3×3, ReLU6) and its gradients.
    [InlineData("Depthwise3x3", "[DepthwiseConv2DKernel(6, 6, 16, Padding = Padding.Same, Activation = Activation.Relu6)] public static partial class Depthwise3x3 { }")]
    public void KernelFamily(string name, string declaration) => Check(name, "using ConvGen;\n\nnamespace Samples;\n\n" + declaration + "\n");

    [Theory]
    // A network: convolution, max pooling, flatten, dense, dropout, softmax (the seed's layers, tiny).
    [InlineData("NetworkSequential", """
        [ConvNet]
        [Input(8, 8, 1)]
        [Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(16, Activation = Activation.Relu)]
        [Dropout(0.5)]
        [Dense(4, Activation = Activation.Softmax)]
        public partial class Sequential { }
        """)]
    // A residual block: a branch of convolution and batch normalisation added to the block's input.
    [InlineData("NetworkResidual", """
        [ConvNet]
        [Input(2, 2, 16)]
        [Branch, Conv2D(16, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [Flatten]
        [Dense(4, Activation = Activation.Softmax)]
        public partial class Residual { }
        """)]
    // Branches joined by concatenation, then average and global pooling.
    [InlineData("NetworkConcatenate", """
        [ConvNet]
        [Input(2, 2, 16)]
        [Branch, Conv2D(16, 1, Activation = Activation.Relu)]
        [Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same)]
        [Concatenate]
        [AveragePooling2D(2)]
        [GlobalAveragePooling2D]
        [Dense(4, Activation = Activation.Softmax)]
        public partial class Concatenated { }
        """)]
    // An inference-only network (what an ONNX import writes): forward and batch-norm-folded kernels only.
    [InlineData("NetworkInferenceOnly", """
        [ConvNet(InferenceOnly = true)]
        [Input(8, 8, 1)]
        [Conv2D(8, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [GlobalMaxPooling2D]
        [Dense(4)]
        public partial class InferenceOnly { }
        """)]
    public void NetworkFeature(string name, string declaration) => Check(name, "using ConvGen;\n\nnamespace Samples;\n\n" + declaration + "\n");

    private static void Check(string name, string source)
    {
        var (result, output) = GeneratorHarness.Run(source);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        Assert.Empty(GeneratorHarness.CompilerWarnings(output));
        var text = new StringBuilder();
        foreach (var file in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            text.Append("// ==== ").Append(file.HintName).Append(" ====\n").Append(file.SourceText.ToString()).Append('\n');
        }

        string baseline = text.ToString();
        int bytes = Encoding.UTF8.GetByteCount(baseline);
        Assert.True(bytes <= MaxBaselineBytes, $"The baseline {name} is {bytes:N0} bytes, past {MaxBaselineBytes:N0}: make the declaration smaller or the code it generates.");
        Snapshot.Verify(name, baseline);
    }
}
