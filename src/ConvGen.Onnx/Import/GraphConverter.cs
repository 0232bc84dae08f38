using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>
/// Converts an ONNX graph, node by node in its (topological) order, into ConvGen layers: each supported operator
/// becomes a layer, folds into the layer before it (an activation, a Softmax, a MatMul's bias, a Pad's zeros), or
/// disappears (Identity, Dropout, a Flatten of what is already flat). Every shape is inferred with the layers' own
/// rules and checked against the model's value_info. Anything it cannot convert exactly is an
/// <see cref="OnnxImportException"/> naming the node. The operators' files are the partial parts of this class.
/// </summary>
internal sealed partial class GraphConverter
{
    public const int MinOpset = 7;
    public const int MaxOpset = 21;

    private static readonly string[] Supported =
    {
        "Conv", "BatchNormalization", "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Add", "Concat",
        "Flatten", "Reshape", "Gemm", "MatMul", "Softmax", "Dropout", "Identity", "Pad", "Constant",
    };

    private readonly string _source;
    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _alias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeProto.Types.Tensor> _declared = new(StringComparer.Ordinal);
    private readonly List<PendingLayer> _layers = new();
    private NodeProto? _node;
    private long? _batch;

    private GraphConverter(ModelProto model, string source)
    {
        _source = source;
        _graph = model.Graph;
        Opset = ReadOpset(model);
    }

    /// <summary>The model's opset of the default (ai.onnx) domain.</summary>
    public int Opset { get; }

    /// <summary>The network's input image (NHWC).</summary>
    public LayerShape Input { get; private set; }

    /// <summary>Every layer made, in creation order.</summary>
    public IReadOnlyList<PendingLayer> Layers => _layers;

    /// <summary>The layer whose output is the graph's output.</summary>
    public int OutputLayer { get; private set; }

    /// <summary>The features of the output when ONNX ordered them C·H·W (a Flatten as the last op).</summary>
    public bool OutputFlattenedNchw { get; private set; }

    public static GraphConverter Convert(ModelProto model, string source)
    {
        var converter = new GraphConverter(model, source);
        converter.Run();
        return converter;
    }

    private void Run()
    {
        foreach (TensorProto t in _graph.Initializer)
        {
            if (!_initializers.TryAdd(t.Name, t))
            {
                throw Fail($"two initializers are named '{t.Name}'");
            }
        }

        if (_graph.SparseInitializer.Count > 0)
        {
            throw Fail($"sparse initializers ('{_graph.SparseInitializer[0].Values?.Name}') are not supported");
        }

        foreach (ValueInfoProto info in _graph.ValueInfo.Concat(_graph.Output))
        {
            if (info.Type?.TensorType is { } declared)
            {
                _declared[info.Name] = declared;
            }
        }

        ReadInput();
        if (_graph.Output.Count != 1)
        {
            throw Fail($"the graph has {_graph.Output.Count} outputs ({string.Join(", ", _graph.Output.Select(o => "'" + o.Name + "'"))}); a ConvGen network has one");
        }

        foreach (NodeProto node in _graph.Node)
        {
            if (!IsDefaultDomain(node.Domain) || !Supported.Contains(node.OpType, StringComparer.Ordinal))
            {
                _node = node;
                string op = IsDefaultDomain(node.Domain) ? node.OpType : $"{node.Domain}.{node.OpType}";
                throw FailNode($"operator {op} is not supported; ConvGen imports {string.Join(", ", Supported)}");
            }
        }

        List<NodeProto> live = LiveNodes();
        CountReaders(live);
        foreach (NodeProto node in live)
        {
            _node = node;
            ConvertNode(node);
        }

        _node = null;
        string output = _graph.Output[0].Name;
        Value result = Lookup(output);
        if (result is not TensorValue tensor)
        {
            throw Fail($"the graph's output '{output}' is a constant");
        }

        if (tensor.Layer < 0)
        {
            throw Fail($"the graph's output '{output}' is its input: there is no layer to import");
        }

        if (tensor.PaddedBy is not null)
        {
            throw Fail($"the graph ends in Pad '{tensor.PaddedBy}'; ConvGen folds zero padding into the Conv or AveragePool after it");
        }

        OutputLayer = tensor.Layer;
        OutputFlattenedNchw = tensor.FlattenedFrom is not null;
    }

    private int ReadOpset(ModelProto model)
    {
        OperatorSetIdProto[] defaults = model.OpsetImport.Where(o => IsDefaultDomain(o.Domain)).ToArray();
        if (defaults.Length != 1)
        {
            throw Fail(defaults.Length == 0 ? "it imports no opset of the default ONNX domain" : "it imports the default ONNX domain twice");
        }

        long opset = defaults[0].Version;
        if (opset < MinOpset || opset > MaxOpset)
        {
            throw Fail($"its opset is {opset}; ConvGen imports opsets {MinOpset} to {MaxOpset}");
        }

        return (int)opset;
    }

    private static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    private void ReadInput()
    {
        ValueInfoProto[] inputs = _graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).ToArray();
        if (inputs.Length != 1)
        {
            throw Fail($"the graph has {inputs.Length} inputs ({string.Join(", ", inputs.Select(i => "'" + i.Name + "'"))}); a ConvGen network takes one image tensor");
        }

        ValueInfoProto input = inputs[0];
        TypeProto.Types.Tensor? type = input.Type?.TensorType;
        if (type is null)
        {
            throw Fail($"the input '{input.Name}' is not a tensor");
        }

        if (type.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw Fail($"the input '{input.Name}' holds {ElementName(type.ElemType)}; ConvGen networks take float32 images");
        }

        if (type.Shape is null || type.Shape.Dim.Count != 4)
        {
            throw Fail($"the input '{input.Name}' has {(type.Shape is null ? "no shape" : "rank " + type.Shape.Dim.Count)}; ConvGen networks take images N x C x H x W");
        }

        var sizes = new int[3];
        string[] what = { "channel count", "height", "width" };
        for (int d = 1; d < 4; d++)
        {
            TensorShapeProto.Types.Dimension dim = type.Shape.Dim[d];
            if (!dim.HasDimValue)
            {
                string label = dim.HasDimParam ? $" ('{dim.DimParam}')" : string.Empty;
                throw Fail($"the input '{input.Name}' has a dynamic {what[d - 1]}{label}; ConvGen compiles every size into its kernels, so export the model with a fixed {what[d - 1]} (a dynamic batch is fine)");
            }

            if (dim.DimValue < 1 || dim.DimValue > 65536)
            {
                throw Fail($"the input '{input.Name}' has {what[d - 1]} {dim.DimValue}");
            }

            sizes[d - 1] = (int)dim.DimValue;
        }

        if (type.Shape.Dim[0].HasDimValue)
        {
            _batch = type.Shape.Dim[0].DimValue;
        }

        Input = LayerShape.Spatial(sizes[1], sizes[2], sizes[0]);
        _values[input.Name] = new TensorValue { Layer = -1, Shape = Input, Dims = new long[] { sizes[0], sizes[1], sizes[2] }, Root = input.Name };
    }

    /// <summary>The nodes the output depends on, in graph order (a node whose outputs nobody reads is skipped).</summary>
    private List<NodeProto> LiveNodes()
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < _graph.Node.Count; n++)
        {
            foreach (string output in _graph.Node[n].Output.Where(o => o.Length > 0))
            {
                if (producer.ContainsKey(output) || _initializers.ContainsKey(output) || _values.ContainsKey(output))
                {
                    _node = _graph.Node[n];
                    throw FailNode($"its output '{output}' is also produced elsewhere");
                }

                producer[output] = n;
            }
        }

        var live = new bool[_graph.Node.Count];
        var needed = new Stack<string>();
        needed.Push(_graph.Output[0].Name);
        while (needed.Count > 0)
        {
            if (producer.TryGetValue(needed.Pop(), out int n) && !live[n])
            {
                live[n] = true;
                foreach (string input in _graph.Node[n].Input.Where(i => i.Length > 0))
                {
                    needed.Push(input);
                }
            }
        }

        return _graph.Node.Where((_, n) => live[n]).ToList();
    }

    /// <summary>How many nodes (and the graph's output) read each value, seen through Identity and Dropout.</summary>
    private void CountReaders(List<NodeProto> nodes)
    {
        foreach (NodeProto node in nodes)
        {
            if (node.OpType is "Identity" or "Dropout" && node.Input.Count > 0 && node.Output.Count > 0)
            {
                _alias[node.Output[0]] = Root(node.Input[0]);
                continue;
            }

            foreach (string input in node.Input.Where(i => i.Length > 0))
            {
                string root = Root(input);
                _readers[root] = _readers.GetValueOrDefault(root) + 1;
            }
        }

        string output = Root(_graph.Output[0].Name);
        _readers[output] = _readers.GetValueOrDefault(output) + 1;
    }

    private string Root(string name)
    {
        while (_alias.TryGetValue(name, out string? target))
        {
            name = target;
        }

        return name;
    }

    private int Readers(string name) => _readers.GetValueOrDefault(Root(name));

    private void ConvertNode(NodeProto node)
    {
        switch (node.OpType)
        {
            case "Conv": Conv(node); break;
            case "BatchNormalization": BatchNormalization(node); break;
            case "Relu": Relu(node); break;
            case "Clip": Clip(node); break;
            case "MaxPool": Pool(node, average: false); break;
            case "AveragePool": Pool(node, average: true); break;
            case "GlobalAveragePool": GlobalPool(node, max: false); break;
            case "GlobalMaxPool": GlobalPool(node, max: true); break;
            case "Add": Add(node); break;
            case "Concat": Concat(node); break;
            case "Flatten": Flatten(node); break;
            case "Reshape": Reshape(node); break;
            case "Gemm": Gemm(node); break;
            case "MatMul": MatMul(node); break;
            case "Softmax": Softmax(node); break;
            case "Dropout": Dropout(node); break;
            case "Identity": Identity(node); break;
            case "Pad": Pad(node); break;
            case "Constant": Constant(node); break;
            default: throw FailNode($"operator {node.OpType} is not supported");
        }
    }

    // ---- values ----------------------------------------------------------------------------------------------

    private Value Lookup(string name)
    {
        if (_values.TryGetValue(name, out Value? value))
        {
            return value;
        }

        if (_initializers.TryGetValue(name, out TensorProto? tensor))
        {
            return _values[name] = new ConstantValue(tensor);
        }

        throw _node is null
            ? Fail($"the graph's output '{name}' is not computed by any node")
            : FailNode($"its input '{name}' is neither the graph's input, an initializer nor an earlier node's output");
    }

    /// <summary>Input <paramref name="index"/> as a run-time tensor (not a constant, not padded unless allowed).</summary>
    private TensorValue Tensor(NodeProto node, int index, bool padded = false)
    {
        string name = InputName(node, index) ?? throw FailNode($"input {index} is missing");
        if (Lookup(name) is not TensorValue tensor)
        {
            throw FailNode($"input '{name}' is a constant; ConvGen imports operators on the image tensor (constants are weights)");
        }

        if (!padded && tensor.PaddedBy is not null)
        {
            throw FailNode($"its input comes from Pad '{tensor.PaddedBy}'; ConvGen folds zero padding only into the Conv or AveragePool right after it");
        }

        return tensor;
    }

    /// <summary>Input <paramref name="index"/> as a constant tensor, or null when absent (and optional).</summary>
    private TensorProto? Constant(NodeProto node, int index, string role, bool optional = false)
    {
        string? name = InputName(node, index);
        if (name is null)
        {
            return optional ? null : throw FailNode($"its {role} (input {index}) is missing");
        }

        return Lookup(name) is ConstantValue constant
            ? constant.Tensor
            : throw FailNode($"its {role} '{name}' is computed at run time; ConvGen imports it only as an initializer or a Constant");
    }

    private static string? InputName(NodeProto node, int index) => index < node.Input.Count && node.Input[index].Length > 0 ? node.Input[index] : null;

    private float[] Floats(TensorProto t) => OnnxTensors.Floats(t, FailNode);

    private long[] Integers(TensorProto t) => OnnxTensors.Integers(t, FailNode);

    private long[] Dims(TensorProto t) => OnnxTensors.Dims(t, FailNode);

    private NodeAttributes Attributes(NodeProto node, params string[] known) => new(node, known, FailNode);

    /// <summary>Checks that outputs past the first (a mask, running statistics, argmax indices) are unused.</summary>
    private void OnlyFirstOutput(NodeProto node, string what)
    {
        for (int i = 1; i < node.Output.Count; i++)
        {
            if (node.Output[i].Length > 0 && Readers(node.Output[i]) > 0)
            {
                throw FailNode($"its output {i} ('{node.Output[i]}', {what}) is read; ConvGen imports inference graphs, which use only the first output");
            }
        }
    }

    /// <summary>Binds the node's first output, checking it against the model's value_info when that gives a shape.</summary>
    private void Define(NodeProto node, Value value)
    {
        if (node.Output.Count == 0 || node.Output[0].Length == 0)
        {
            throw FailNode("it has no output");
        }

        string name = node.Output[0];
        if (value is TensorValue tensor)
        {
            CheckDeclared(name, tensor.Dims);
        }

        _values[name] = value;
    }

    private void CheckDeclared(string name, IReadOnlyList<long> dims)
    {
        if (!_declared.TryGetValue(name, out TypeProto.Types.Tensor? type) || type.Shape is null)
        {
            return;
        }

        string expected = "N x " + string.Join(" x ", dims);
        if (type.Shape.Dim.Count != dims.Count + 1)
        {
            throw FailNode($"the model declares its output '{name}' with rank {type.Shape.Dim.Count}, but it is {expected}");
        }

        for (int d = 0; d < dims.Count; d++)
        {
            TensorShapeProto.Types.Dimension dim = type.Shape.Dim[d + 1];
            if (dim.HasDimValue && dim.DimValue != dims[d])
            {
                string declared = "N x " + string.Join(" x ", type.Shape.Dim.Skip(1).Select(x => x.HasDimValue ? x.DimValue.ToString(CultureInfo.InvariantCulture) : "?"));
                throw FailNode($"the model declares its output '{name}' as {declared}, but its shape is {expected} (value_info disagrees with the graph)");
            }
        }
    }

    /// <summary>Adds a layer reading <paramref name="inputs"/>, infers its shape, and returns its output value.</summary>
    private (PendingLayer Layer, TensorValue Output) AddLayer(NodeProto node, LayerSpec spec, IReadOnlyList<TensorValue> inputs, IReadOnlyList<long>? dims = null)
    {
        LayerShape[] shapes = inputs.Select(i => i.Shape).ToArray();
        (LayerShape shape, string? problem) = spec.OutputShape(shapes);
        if (problem is not null)
        {
            throw FailNode(problem);
        }

        var layer = new PendingLayer(spec, inputs.Select(i => i.Layer).ToArray(), shapes, shape, NodeLabel(node), node.OpType);
        _layers.Add(layer);
        dims ??= shape.IsFlat ? new long[] { shape.Channels } : new long[] { shape.Channels, shape.Height, shape.Width };
        return (layer, new TensorValue { Layer = _layers.Count - 1, Shape = shape, Dims = dims, Root = Root(node.Output[0]) });
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    private static string NodeLabel(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output.Count > 0 ? node.Output[0] : "(unnamed)";

    private OnnxImportException Fail(string problem) => new(_source, problem);

    private OnnxImportException FailNode(string problem) => _node is null ? Fail(problem) : new(_source, problem, NodeLabel(_node), _node.OpType);

    private static string ElementName(int type) => Enum.IsDefined(typeof(TensorProto.Types.DataType), type)
        ? ((TensorProto.Types.DataType)type).ToString().ToLowerInvariant()
        : $"element type {type}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The double a float attribute stands for: the shortest decimal that reads back as that float (0.001f is 0.001).</summary>
    private static double Decimal(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
