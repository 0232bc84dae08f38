using System;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Emit;
using ConvGen.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests.Export;

/// <summary>
/// The round trip of issue 23, for each sample network (the seed model, Inception, ResNet with batch normalisation,
/// residual adds and a projection shortcut, MobileNet with depthwise convolutions and ReLU6), trained briefly on
/// Fashion-MNIST: (a) exported, ONNX Runtime predicts on 256 test images what ConvGen's Predict does, within 1e-5 of
/// the largest output, with batch normalisation folded into the convolutions or not, with ONNX Runtime's graph
/// optimisations or without; (b) re-imported, it is the same network (<see cref="SameNetwork"/>), its declaration is
/// RoundTrip/{Class}.cs — which this project compiles — and that network, loaded with the imported weight file,
/// predicts what the original does.
/// </summary>
public sealed class RoundTripTests(ITestOutputHelper log)
{
    public const double Bound = 1e-5;
    private const int Images = 256;

    public static TheoryData<string> Samples() => new(SampleNetworks.Names);

    [Theory]
    [MemberData(nameof(Samples))]
    public void ExportedAndReimportedNetworksPredictWhatTheOriginalPredicts(string sample)
    {
        using Network original = SampleNetworks.Trained(sample);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, sample + ".onnx");
        original.ExportOnnx(path);

        // (a) ONNX Runtime on the exported file against Predict, folded and not.
        float[] images = SampleNetworks.TestImages(Images);
        LayerGraph graph = original.ToLayerGraph();
        LayerShape input = graph.Input;
        float[] nchw = NchwLayout.ToNchw(images, Images, input.Channels, input.Height, input.Width);
        float[] expected = Predict(original, images);
        foreach (GraphOptimizationLevel level in new[] { GraphOptimizationLevel.ORT_DISABLE_ALL, GraphOptimizationLevel.ORT_ENABLE_ALL })
        {
            (float[] onnx, int[] shape) = OnnxRuntimeReference.Run(path, nchw, Images, input, level);
            Assert.Equal(new[] { Images, original.OutputCount }, shape);
            double error = OnnxRuntimeReference.RelativeError(onnx, expected);
            log.WriteLine($"{sample}: exported, ONNX Runtime ({level}) vs Predict: max |delta| / max |output| = {error:E2}");
            Assert.True(error <= Bound, $"{sample}: ONNX Runtime ({level}) differs from Predict by {error:E2} of the largest output.");
        }

        original.FoldBatchNormalization = false;
        float[] unfolded = Predict(original, images);
        original.FoldBatchNormalization = true;
        double unfoldedError = OnnxRuntimeReference.RelativeError(unfolded, OnnxRuntimeReference.Run(path, nchw, Images, input).Output);
        log.WriteLine($"{sample}: exported, ONNX Runtime vs Predict with batch normalisation unfolded: {unfoldedError:E2}");
        Assert.True(unfoldedError <= Bound, $"{sample}: ONNX Runtime differs from the unfolded Predict by {unfoldedError:E2}.");

        // (b) Re-imported: the same network, the declaration this project compiles, the same predictions.
        LayerGraph reimported = OnnxImporter.Import(path);
        SameNetwork.Check(graph, reimported);
        const string ns = "ConvGen.Onnx.Tests.RoundTrip";
        (string source, string weights) = ImportWriter.Write(reimported, folder.Path, sample, ns);
        string declaration = File.ReadAllText(source);
        Assert.Equal(
            SameNetwork.AttributeLines(DeclarationEmitter.Emit(graph, sample, ns, sample + ".cgw")).Where(l => !l.StartsWith("[Dropout(", StringComparison.Ordinal)),
            SameNetwork.AttributeLines(declaration));
        CompiledDeclaration.Verify($"RoundTrip/{sample}.cs", declaration);

        using Network compiled = SampleNetworks.Reimported(sample);
        compiled.LoadWeights(weights);
        double reimportError = OnnxRuntimeReference.RelativeError(Predict(compiled, images), expected);
        log.WriteLine($"{sample}: re-imported and compiled vs the original: max |delta| / max |output| = {reimportError:E2}");
        Assert.True(reimportError <= Bound, $"{sample}: the re-imported network differs from the original by {reimportError:E2} of the largest output.");
    }

    private static float[] Predict(Network network, float[] images)
    {
        var outputs = new float[Images * network.OutputCount];
        network.Predict(images, outputs, Images);
        return outputs;
    }
}
