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
/// initializers, nodes with attributes, value_info shapes, and ConvGen layers written as ONNX nodes with their weights
/// converted back from ConvGen's layouts (<see cref="AddLayer(LayerSpec, string, LayerShape, IReadOnlyList{float[]}, string?)"/>,
/// every layer of the vocabulary: OnnxModelBuilder.Layers.cs). <see cref="ToBytes"/> serialises it; <see cref="Save"/>
/// writes it atomically. Names are claimed once: <see cref="UniqueName"/> gives a free one.
/// </summary>
public sealed partial class OnnxModelBuilder
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

    /// <summary>Names the graph and says what the model is (shown by tools such as Netron).</summary>
    internal void Describe(string graphName, string producerVersion, string docString)
    {
        _graph.Name = graphName;
        _model.ProducerVersion = producerVersion;
        _model.DocString = docString;
    }

    /// <summary>Adds a float32 graph input of shape <paramref name="dims"/>; a null dimension is dynamic (named <c>N</c>). Returns its name.</summary>
    public string Input(string name, params int?[] dims)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> (a node's output) as the graph's output of shape <paramref name="dims"/>.</summary>
    public void Output(string name, params int?[] dims) => _graph.Output.Add(ValueInfo(name, dims));

    /// <summary>Declares the shape of <paramref name="name"/>, a value between nodes (value_info: tools show it, importers check it).</summary>
    public void Shape(string name, params int?[] dims) => _graph.ValueInfo.Add(ValueInfo(name, dims));

    /// <summary><paramref name="wanted"/> when no value, initializer or input of the model has that name yet; else the first free <c>wanted_2</c>, <c>wanted_3</c>, ….</summary>
    public string UniqueName(string wanted)
    {
        string name = wanted;
        for (int k = 2; _names.Contains(name); k++)
        {
            name = wanted + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

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
