using System;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Emit;
using ConvGen.Onnx.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests;

/// <summary>
/// Import → declaration → generated kernels → ConvGen's Predict, against ONNX Runtime on the same file, for every
/// model today's attributes express: the declaration each model imports to is the one compiled in Imported/ (same
/// attributes), its weight file loads into that network, and on random NCHW images (given to ConvGen as NHWC) the
/// outputs agree within 1e-4 of the largest output, at batch 1 and 3.
/// </summary>
public sealed class EndToEndTests(ITestOutputHelper log)
{
    public const double Bound = 1e-4;

    public static TheoryData<string, int> Models()
    {
        var data = new TheoryData<string, int>();
        string[] models = { "plain_cnn_op7", "plain_cnn_op11", "plain_cnn_op17", "resnet_style_op9", "resnet_style_op15", "inception_lite_op13" };
        foreach (string model in models.Concat(Enumerable.Range(7, 15).Select(o => $"opset_cnn_op{o}")))
        {
            data.Add(model, 1);
            data.Add(model, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ImportedNetworkPredictsWhatOnnxRuntimeComputes(string model, int batch) => Check(model, ImportedNetworks.ClassOf(model), batch, log);

    /// <summary>Runs <paramref name="model"/> imported as <paramref name="className"/> against ONNX Runtime and asserts the bound.</summary>
    internal static void Check(string model, string className, int batch, ITestOutputHelper log)
    {
        double error = Run(ModelFiles.Any(model), className, batch);
        log.WriteLine($"{model} batch {batch}: max |ConvGen - ONNX Runtime| / max |output| = {error:E2}");
        Assert.True(error <= Bound, $"{model} at batch {batch}: max |ConvGen - ONNX Runtime| = {error:E2} of the largest output");
    }

    /// <summary>Imports <paramref name="path"/> as <paramref name="className"/>, runs it and ONNX Runtime; returns the relative error.</summary>
    internal static double Run(string path, string className, int batch)
    {
        LayerGraph graph = OnnxImporter.Import(path);
        Assert.Equal(AttributeLines(File.ReadAllText(Baseline.PathOf($"Imported/{className}.cs"))), AttributeLines(DeclarationEmitter.Emit(graph, className, "ConvGen.Onnx.Tests.Imported", className + ".cgw")));
        using var folder = new TempFolder();
        (_, string weights) = ImportWriter.Write(graph, folder.Path, className, "ConvGen.Onnx.Tests.Imported");

        using Network network = ImportedNetworks.Create(className);
        network.LoadWeights(weights);
        LayerShape input = graph.Input;
        float[] nchw = OnnxRuntimeReference.Random(batch * (int)input.Length, seed: 10 + batch);
        var output = new float[batch * network.OutputCount];
        network.Predict(NchwLayout.ToNhwc(nchw, batch, input.Channels, input.Height, input.Width), output, batch);

        (float[] expected, int[] shape) = OnnxRuntimeReference.Run(path, nchw, batch, input);
        if (shape.Length == 4)
        {
            output = NchwLayout.ToNchw(output, batch, shape[1], shape[2], shape[3]);
        }

        return OnnxRuntimeReference.RelativeError(output, expected);
    }

    /// <summary>The declaration's attribute lines (what the generator compiles), without the comments naming the file.</summary>
    private static string[] AttributeLines(string declaration) =>
        declaration.Split('\n').Where(l => l.StartsWith('[')).ToArray();
}
