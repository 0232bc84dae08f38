using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Import;
using ConvGen.Onnx.Protobuf;
using Google.Protobuf;

namespace ConvGen.Onnx;

/// <summary>
/// Builds an ONNX model (ModelProto) node by node: float32 inputs and outputs (NCHW, the batch fixed or dynamic),
/// initializers, nodes with attributes, and ConvGen layers written as ONNX nodes with their weights converted back
/// from ConvGen's layouts (<see cref="AddLayer"/>; convolutions so far — the exporter adds the rest of the
/// vocabulary). <see cref="ToBytes"/> serialises it; <see cref="Save"/> writes it atomically.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly ModelProto _model;
    private readonly GraphProto _graph = new() { Name = "graph" };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts a model at <paramref name="opset"/> (7–21) written by <paramref name="producer"/>.</summary>
    public OnnxModelBuilder(int opset = 13, string producer = "ConvGen")
    {
        if (opset < GraphConverter.MinOpset || opset > GraphConverter.MaxOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), opset, $"ConvGen writes opsets {GraphConverter.MinOpset} to {GraphConverter.MaxOpset}.");
        }

        Opset = opset;
        _model = new ModelProto { IrVersion = IrVersion(opset), ProducerName = producer, Graph = _graph };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
    }

    /// <summary>The opset of the default domain.</summary>
    public int Opset { get; }

    /// <summary>Adds a float32 graph input of shape <paramref name="dims"/>; a null dimension is dynamic (named <c>N</c>). Returns its name.</summary>
    public string Input(string name, params int?[] dims)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> (a node's output) as the graph's output of shape <paramref name="dims"/>.</summary>
    public void Output(string name, params int?[] dims) => _graph.Output.Add(ValueInfo(name, dims));

    /// <summary>Adds a float32 initializer (little-endian raw data). Returns its name.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params int[] dims)
    {
        CheckLength(name, values.Length, dims);
        Claim(name);
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims.Select(d => (long)d));
        _graph.Initializer.Add(t);
        if (_model.IrVersion < 4)
        {
            _graph.Input.Add(ValueInfo(name, dims.Select(d => (int?)d).ToArray()));
        }

        return name;
    }

    /// <summary>Adds an int64 initializer (e.g. a Reshape's shape). Returns its name.</summary>
    public string Initializer(string name, ReadOnlySpan<long> values, params int[] dims)
    {
        CheckLength(name, values.Length, dims);
        Claim(name);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims.Select(d => (long)d));
        t.Int64Data.AddRange(values.ToArray());
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node named <paramref name="name"/> with one output (<paramref name="output"/>, or the node's name). Returns the output's name.</summary>
    public string Node(string opType, string name, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        output ??= name;
        Claim(output);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes.Select(a => a.Proto.Clone()));
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>
    /// Writes <paramref name="layer"/> reading <paramref name="input"/> (of shape <paramref name="inputShape"/>) as ONNX
    /// node(s), with its parameters in ConvGen's layouts (<paramref name="weights"/> in the order of
    /// <see cref="LayerSpec.Parameters"/>: an HWIO kernel, then the bias). Returns the output's name
    /// (<paramref name="output"/>, or the layer's name).
    /// </summary>
    public string AddLayer(LayerSpec layer, string input, LayerShape inputShape, IReadOnlyList<float[]> weights, string? output = null)
    {
        IReadOnlyList<(string Role, int[] Shape)> parameters = layer.Parameters(new[] { inputShape });
        if (weights.Count != parameters.Count)
        {
            throw new ArgumentException($"Layer '{layer.Name}' has {parameters.Count} parameters ({string.Join(", ", parameters.Select(p => p.Role))}); {weights.Count} were given.", nameof(weights));
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            CheckLength($"{layer.Name}/{parameters[i].Role}", weights[i].Length, parameters[i].Shape);
        }

        switch (layer)
        {
            case Conv2DSpec c:
                return Convolution(layer.Name, input, inputShape.Channels, c.Filters, 1, c.KernelSize, c.Strides, c.Pads, c.Activation, weights, output);
            case DepthwiseConv2DSpec d:
                return Convolution(layer.Name, input, inputShape.Channels, inputShape.Channels, inputShape.Channels, d.KernelSize, d.Strides, d.Pads, d.Activation, weights, output);
            default:
                throw new NotSupportedException($"Writing {layer.Kind} layers as ONNX is not implemented yet (convolutions are).");
        }
    }

    /// <summary>The model's protobuf bytes.</summary>
    public byte[] ToBytes() => _model.ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/>: to a temporary file beside it, then renamed over it.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                _model.WriteTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private string Convolution(string name, string input, int channels, int filters, int group, int kernel, int stride, Pads pads, ConvGen.Activation activation, IReadOnlyList<float[]> weights, string? output)
    {
        int perGroup = channels / group;
        float[] oihw = group == 1 ? WeightLayouts.HwioToOihw(weights[0], filters, channels, kernel) : WeightLayouts.HwioToOihw(weights[0], channels, 1, kernel);
        var inputs = new List<string> { input, Initializer(name + ".weight", oihw, filters, perGroup, kernel, kernel) };
        if (weights.Count > 1)
        {
            inputs.Add(Initializer(name + ".bias", weights[1], filters));
        }

        bool activated = activation != ConvGen.Activation.None;
        string conv = Node("Conv", name, inputs, activated ? name + "_preactivation" : output ?? name,
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads.Top, pads.Left, pads.Bottom, pads.Right),
            OnnxAttribute.Ints("dilations", 1, 1),
            OnnxAttribute.Int("group", group));
        return activated ? ActivationNode(name + "_activation", conv, activation, output ?? name) : conv;
    }

    private string ActivationNode(string name, string input, ConvGen.Activation activation, string output) => activation switch
    {
        ConvGen.Activation.Relu => Node("Relu", name, new[] { input }, output),
        ConvGen.Activation.Relu6 when Opset < 11 => Node("Clip", name, new[] { input }, output, OnnxAttribute.Float("min", 0f), OnnxAttribute.Float("max", 6f)),
        ConvGen.Activation.Relu6 => Node("Clip", name, new[] { input, Initializer(name + ".min", new[] { 0f }), Initializer(name + ".max", new[] { 6f }) }, output),
        _ => throw new NotSupportedException($"Activation {activation} is not written as ONNX yet."),
    };

    private void Claim(string name)
    {
        if (string.IsNullOrEmpty(name) || !_names.Add(name))
        {
            throw new ArgumentException(string.IsNullOrEmpty(name) ? "An ONNX value needs a name." : $"The name '{name}' is already used in this model.", nameof(name));
        }
    }

    private static void CheckLength(string name, int length, int[] dims)
    {
        long expected = dims.Aggregate(1L, (p, d) => p * d);
        if (dims.Any(d => d < 0) || expected != length)
        {
            throw new ArgumentException($"Tensor '{name}' of shape [{string.Join(", ", dims)}] needs {expected} values; {length} were given.");
        }
    }

    private static ValueInfoProto ValueInfo(string name, int?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (int? d in dims)
        {
            shape.Dim.Add(d is int value ? new TensorShapeProto.Types.Dimension { DimValue = value } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>The IR version of the ONNX release that introduced <paramref name="opset"/>.</summary>
    private static long IrVersion(int opset) => opset switch
    {
        <= 8 => 3,
        9 => 4,
        10 => 5,
        11 => 6,
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };
}
