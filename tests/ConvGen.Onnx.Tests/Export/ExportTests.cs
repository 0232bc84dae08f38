using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Emit;
using ConvGen.Onnx.Tests.Support;
using ConvGen.Samples;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests.Export;

/// <summary>
/// The exporter beyond the samples: networks with what the samples lack (against ONNX Runtime, and re-imported),
/// the description it reads, the layers of issue 22 written from imported models, and failures that write nothing.
/// </summary>
public sealed class ExportTests(ITestOutputHelper log)
{
    [Fact]
    public void FlatEndingExportsWhatPredictComputes()
    {
        using var network = new FlatEnding(0);
        SampleNetworks.Randomize(network, 5);
        double error = CompareWithOnnxRuntime(network, batch: 3);
        log.WriteLine($"FlatEnding: max |delta| / max |output| = {error:E2}");

        // The features reach batch normalisation and the output in ConvGen's H·W·C order: a Transpose keeps it, which
        // the importer does not read (a graph ending in Flatten imports with ONNX's C·H·W order).
        var refusal = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(network.ToOnnxBytes(), "flat_ending.onnx"));
        Assert.Equal("Transpose", refusal.OpType);
        Assert.Equal("/flatten/Transpose", refusal.Node);
    }

    [Fact]
    public void DenseHeadRoundTrips()
    {
        using var network = new DenseHead(0);
        SampleNetworks.Randomize(network, 6);
        double error = CompareWithOnnxRuntime(network, batch: 3);
        log.WriteLine($"DenseHead: max |delta| / max |output| = {error:E2}");

        LayerGraph graph = network.ToLayerGraph();
        LayerGraph reimported = OnnxImporter.Import(network.ToOnnxBytes(), "dense_head.onnx");
        SameNetwork.Check(graph, reimported);
        using var folder = new TempFolder();
        (string source, string weights) = ImportWriter.Write(reimported, folder.Path, nameof(DenseHead), "ConvGen.Onnx.Tests.RoundTrip");
        CompiledDeclaration.Verify($"RoundTrip/{nameof(DenseHead)}.cs", File.ReadAllText(source));
        using Network compiled = SampleNetworks.Reimported(nameof(DenseHead));
        compiled.LoadWeights(weights);
        float[] images = OnnxRuntimeReference.Random(3 * network.InputLength, 9);
        Assert.True(OnnxRuntimeReference.RelativeError(Predict(compiled, images, 3), Predict(network, images, 3)) <= RoundTripTests.Bound);
    }

    [Fact]
    public void DescriptionGivesLayersAsDeclared()
    {
        using var network = new FashionCnn(0);
        NetworkDescription d = network.Describe();
        Assert.Same(d, network.Describe());
        Assert.Equal(nameof(FashionCnn), d.Name);
        Assert.Equal(new[] { 28, 28, 1 }, d.InputShape);
        Assert.Equal(
            new[] { LayerKind.Conv2D, LayerKind.MaxPool2D, LayerKind.Conv2D, LayerKind.MaxPool2D, LayerKind.Conv2D, LayerKind.Conv2D, LayerKind.MaxPool2D, LayerKind.Flatten, LayerKind.Dense, LayerKind.Dropout, LayerKind.Dense },
            d.Layers.Select(l => l.Kind));
        Assert.Equal(new[] { "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2", "conv2d_3", "max_pooling2d_2", "flatten", "dense", "dropout", "dense_1" }, d.Layers.Select(l => l.Name));
        Assert.Equal(Enumerable.Range(-1, 11).Select(i => new[] { i }), d.Layers.Select(l => l.Inputs.ToArray()));

        LayerDescription conv = d.Layers[0];
        Assert.Equal((32, 3, 1, Padding.Same, Activation.Relu, true), (conv.Filters, conv.KernelSize, conv.Strides, conv.Padding, conv.Activation, conv.UseBias));
        Assert.Equal(new[] { 1, 1, 1, 1 }, conv.Pads);
        Assert.Equal(new[] { 28, 28, 32 }, conv.OutputShape);
        Assert.Equal(new[] { "conv2d/kernel", "conv2d/bias" }, conv.Parameters.Select(p => p.Name));
        Assert.Same(network.Parameters[0], conv.Parameters[0]);

        LayerDescription pool = d.Layers[6];
        Assert.Equal((2, 2, Padding.Valid), (pool.PoolSize, pool.Strides, pool.Padding));
        Assert.Equal(new[] { 0, 0, 0, 0 }, pool.Pads);
        Assert.Equal(new[] { 3, 3, 32 }, pool.OutputShape);
        Assert.Equal(new[] { 288 }, d.Layers[7].OutputShape);
        Assert.Empty(d.Layers[7].Pads);
        Assert.Equal((128, Activation.Relu, true), (d.Layers[8].Units, d.Layers[8].Activation, d.Layers[8].UseBias));
        Assert.Equal(0.5, d.Layers[9].Rate);
        Assert.Equal((10, Activation.Softmax), (d.Layers[10].Units, d.Layers[10].Activation));

        using var edge = new FlatEnding(0);
        IReadOnlyList<LayerDescription> e = edge.Describe().Layers;
        Assert.Equal(new[] { 0, 0, 1, 1 }, e[0].Pads);         // 3x3 stride 2 'same' on 6: out 3, pads 0 before, 1 after
        Assert.Equal(new[] { 0, 0, 1, 1 }, e[1].Pads);         // pool 2 'same' on 3: out 2
        Assert.Equal(LayerKind.DepthwiseConv2D, e[2].Kind);
        Assert.Equal((4, 3, true, Activation.Relu), (e[2].Filters, e[2].KernelSize, e[2].UseBias, e[2].Activation));
        Assert.Equal((0.01, 0.9, Activation.None), (e[6].Epsilon, e[6].Momentum, e[6].Activation));
        Assert.Equal(new[] { "batch_normalization_1/gamma", "batch_normalization_1/beta", "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance" }, e[6].Parameters.Select(p => p.Name));
        using var head = new DenseHead(0);
        LayerDescription add = head.Describe().Layers[^2];
        Assert.Equal((LayerKind.Add, Activation.Relu6), (add.Kind, add.Activation));
        Assert.Equal(new[] { 5, 6 }, add.Inputs);
        Assert.Equal(new[] { 0, 0, 0, 0 }, head.Describe().Layers[0].Pads);  // 'valid' stride 2 on 6: the last row is never read
    }

    public static TheoryData<string> ImportedModels() => new()
    {
        "pads_pools_op11", "pads_pools_op19", "inception_style_op13", "mobilenet_v2_style_op13", "resnet_style_op9", "opset_cnn_op7", "generated/resnet18_op13",
    };

    /// <summary>
    /// An imported model written back as ONNX computes what the original file computes (ONNX Runtime on both), and
    /// imports to the same graph: the exporter writes the layers of issue 22 (7×7 and 5×5 kernels, explicit and
    /// asymmetric pads, average pooling with or without the pads counted, global pooling) that ConvGen cannot declare yet.
    /// </summary>
    [Theory]
    [MemberData(nameof(ImportedModels))]
    public void ImportedModelExportsWhatTheOriginalComputes(string model)
    {
        string path = ModelFiles.Any(model);
        LayerGraph graph = OnnxImporter.Import(path);
        using var folder = new TempFolder();
        string exported = Path.Combine(folder.Path, "exported.onnx");
        OnnxExporter.Export(graph, exported);

        LayerShape input = graph.Input;
        float[] nchw = OnnxRuntimeReference.Random(2 * (int)input.Length, seed: 4);
        (float[] expected, int[] shape) = OnnxRuntimeReference.Run(path, nchw, 2, input);
        (float[] actual, int[] actualShape) = OnnxRuntimeReference.Run(exported, nchw, 2, input);
        // A model ending in global pooling gives N x C x 1 x 1; ConvGen's global pooling (Keras's) gives [N, C], and so does its export.
        Assert.Equal(graph.Output.IsFlat ? shape.Take(2) : shape, actualShape);
        Assert.False(graph.OutputFlattenedNchw);
        double error = OnnxRuntimeReference.RelativeError(actual, expected);
        log.WriteLine($"{model}: exported vs original, ONNX Runtime: max |delta| / max |output| = {error:E2}");
        Assert.True(error <= 1e-5, $"{model}: the exported model differs by {error:E2} of the largest output.");
        SameNetwork.Check(graph, OnnxImporter.Import(exported));
    }

    [Fact]
    public void FailedExportWritesNothingAndKeepsTheExistingFile()
    {
        using var network = new DenseHead(0);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "model.onnx");
        network.ExportOnnx(path);
        byte[] before = File.ReadAllBytes(path);

        float[][] weights = network.CopyWeights();
        weights[network.Parameters.ToList().FindIndex(p => p.Name == "dense_1/bias")][2] = float.NaN;
        network.SetWeights(weights);
        var error = Assert.Throws<OnnxExportException>(() => network.ExportOnnx(path));
        Assert.Equal("dense_1", error.Layer);
        Assert.Equal("Dense", error.Kind);
        Assert.Equal("Cannot export network 'DenseHead' to ONNX: layer 'dense_1' (Dense): its parameter 'dense_1/bias' holds NaN at index 2; a network whose weights are not finite computes nothing useful (train it again, or load good weights).", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, folder.Files());

        // A folder that does not exist, and a rename that fails (the path is a folder): nothing is left behind.
        Assert.Throws<DirectoryNotFoundException>(() => network.ExportOnnx(Path.Combine(folder.Path, "missing", "model.onnx")));
        SampleNetworks.Randomize(network, 1);
        string taken = Directory.CreateDirectory(Path.Combine(folder.Path, "taken.onnx")).FullName;
        Exception failed = Assert.ThrowsAny<Exception>(() => network.ExportOnnx(taken));
        Assert.True(failed is IOException or UnauthorizedAccessException, failed.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(taken));
        Assert.Equal(new[] { path }, folder.Files());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void LayerTheExporterDoesNotKnowIsNamed()
    {
        var graph = new LayerGraph(LayerShape.Spatial(4, 4, 2), new[]
        {
            new GraphLayer(new FlattenSpec("flatten"), new[] { -1 }, new[] { LayerShape.Spatial(4, 4, 2) }, LayerShape.Flat(32), Array.Empty<WeightTensor>(), 0, "test"),
            new GraphLayer(new UnknownSpec("mystery"), new[] { 0 }, new[] { LayerShape.Flat(32) }, LayerShape.Flat(32), Array.Empty<WeightTensor>(), 0, "test"),
        }, "test graph");
        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(graph));
        Assert.Equal(("mystery", "Mystery"), (error.Layer, error.Kind));
        Assert.Contains("ConvGen.Onnx does not write Mystery layers as ONNX", error.Message);
    }

    private static double CompareWithOnnxRuntime(Network network, int batch)
    {
        LayerGraph graph = network.ToLayerGraph();
        LayerShape input = graph.Input;
        float[] images = OnnxRuntimeReference.Random(batch * network.InputLength, 8);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, network.Name + ".onnx");
        network.ExportOnnx(path);
        (float[] onnx, int[] shape) = OnnxRuntimeReference.Run(path, NchwLayout.ToNchw(images, batch, input.Channels, input.Height, input.Width), batch, input);
        Assert.Equal(new[] { batch, network.OutputCount }, shape);
        double error = OnnxRuntimeReference.RelativeError(onnx, Predict(network, images, batch));
        Assert.True(error <= RoundTripTests.Bound, $"{network.Name}: ONNX Runtime differs from Predict by {error:E2} of the largest output.");
        return error;
    }

    private static float[] Predict(Network network, float[] images, int batch)
    {
        var outputs = new float[batch * network.OutputCount];
        network.Predict(images, outputs, batch);
        return outputs;
    }

    private sealed record UnknownSpec(string Name) : LayerSpec(Name)
    {
        public override string Kind => "Mystery";

        public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) => (inputs[0], null);
    }
}
