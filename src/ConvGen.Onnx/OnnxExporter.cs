using System;
using System.IO;
using System.Reflection;
using ConvGen.Onnx.Export;

namespace ConvGen.Onnx;

/// <summary>
/// Exports a ConvGen network to ONNX, for ONNX Runtime and every other ONNX consumer:
/// <c>network.ExportOnnx("model.onnx")</c>. The model is opset <see cref="Opset"/>; it takes <c>input</c>, float32
/// images N × C × H × W (NCHW, PyTorch's layout, the batch dynamic) and gives <c>output</c>, [N, outputs] (a network
/// ending in an image gives N × C × H × W). Every layer is written as what ConvGen computes at inference —
/// BatchNormalization as its own node with the moving statistics, Dropout as nothing — so ONNX Runtime gives what
/// <see cref="Network.Predict(float[], float[], int, int)"/> gives. The file is written beside its name and renamed:
/// a failed export leaves nothing behind and an existing file whole.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX opset of exported models (IR version 7): read by ONNX Runtime 1.8 and later, PyTorch's and TensorFlow's converters, and ConvGen's importer.</summary>
    public const int Opset = 13;

    /// <summary>The name of an exported model's input: NCHW float32 images.</summary>
    public const string InputName = GraphWriter.InputName;

    /// <summary>The name of an exported model's output.</summary>
    public const string OutputName = GraphWriter.OutputName;

    private static readonly string Version =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? NetworkReader.Version;

    /// <summary>
    /// Writes <paramref name="network"/> with its current weights to <paramref name="path"/> as an ONNX model (see
    /// <see cref="OnnxExporter"/>). The folder must exist. Reads the weights as <see cref="Network.CopyWeights"/> does
    /// (so not while the network trains). Throws <see cref="OnnxExportException"/> for a network it cannot write, and
    /// writes nothing then.
    /// </summary>
    public static void ExportOnnx(this Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        string full = CheckPath(path);
        Export(ToLayerGraph(network), full, network.Name);
    }

    /// <summary>The ONNX model of <paramref name="network"/> as bytes (what <see cref="ExportOnnx"/> writes).</summary>
    public static byte[] ToOnnxBytes(this Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Build(ToLayerGraph(network), network.Name).ToBytes();
    }

    /// <summary>
    /// <paramref name="network"/> in ConvGen.Onnx's layer vocabulary, with a copy of its current weights: the graph the
    /// exporter writes, and the one the importer gives back for the exported file (Dropout layers aside).
    /// </summary>
    public static LayerGraph ToLayerGraph(this Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkDescription description = network.Describe();
        float[][] weights = network.CopyWeights();
        return NetworkReader.Read(description, network.Parameters, weights);
    }

    /// <summary>Writes <paramref name="graph"/> (e.g. an imported model) to <paramref name="path"/> as an ONNX model, atomically.</summary>
    public static void Export(LayerGraph graph, string path)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Export(graph, CheckPath(path), graph.Source);
    }

    /// <summary>The ONNX model of <paramref name="graph"/> as bytes.</summary>
    public static byte[] ToBytes(LayerGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Build(graph, graph.Source).ToBytes();
    }

    private static void Export(LayerGraph graph, string path, string name) => Build(graph, name).Save(path);

    private static OnnxModelBuilder Build(LayerGraph graph, string name)
    {
        if (graph.Layers.Count == 0)
        {
            throw new OnnxExportException(name, "it has no layers");
        }

        var builder = new OnnxModelBuilder(Opset, "ConvGen");
        LayerShape input = graph.Input;
        builder.Describe(name, Version,
            $"{name}, exported by ConvGen.Onnx {Version}: input '{InputName}' N x {input.Channels} x {input.Height} x {input.Width} (NCHW float32), output '{OutputName}'.");
        GraphWriter.Write(graph, builder, name);
        return builder;
    }

    private static string CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot export to '{path}': the folder '{folder}' does not exist.");
        }

        return full;
    }
}
