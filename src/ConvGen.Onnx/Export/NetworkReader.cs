using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Onnx.Import;

namespace ConvGen.Onnx.Export;

/// <summary>
/// Reads a ConvGen network, through its public <see cref="NetworkDescription"/> and a copy of its weights, into
/// ConvGen.Onnx's layer vocabulary: a <see cref="LayerGraph"/> like the one the importer makes, so import and export
/// speak the same layers. Every layer's output shape is inferred again with the vocabulary's rules and must be the
/// one the network reports; every parameter must have the name and shape the vocabulary gives its role. A layer kind
/// this version does not know (a newer ConvGen) is an <see cref="OnnxExportException"/> naming the layer.
/// </summary>
internal static class NetworkReader
{
    public static LayerGraph Read(NetworkDescription network, IReadOnlyList<Parameter> parameters, IReadOnlyList<float[]> values)
    {
        string name = network.Name;
        IReadOnlyList<int> inputDims = network.InputShape;
        LayerShape input = LayerShape.Spatial(inputDims[0], inputDims[1], inputDims[2]);
        var outputs = new LayerShape[network.Layers.Count];
        var pending = new List<PendingLayer>(network.Layers.Count);
        var weights = new List<WeightTensor[]>(network.Layers.Count);
        int next = 0;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerDescription layer = network.Layers[i];
            OnnxExportException Fail(string problem) => new(name, problem, layer.Name, layer.Kind.ToString());

            LayerShape[] inputs = layer.Inputs.Select(j => j < 0 ? input : outputs[j]).ToArray();
            LayerSpec spec = Spec(layer) ?? throw Fail($"ConvGen.Onnx {Version} does not know {layer.Kind} layers (a newer ConvGen declared it); update ConvGen.Onnx to export this network");
            (LayerShape shape, string? problem) = spec.OutputShape(inputs);
            LayerShape reported = Shape(layer.OutputShape);
            if (problem is not null || shape != reported)
            {
                throw Fail($"ConvGen computes {reported} from {string.Join(" and ", inputs)}, but ConvGen.Onnx {Version} reads the layer as {problem ?? shape.ToString()}");
            }

            IReadOnlyList<(string Role, int[] Shape)> roles = spec.Parameters(inputs);
            if (roles.Count != layer.Parameters.Count)
            {
                throw Fail($"its parameters ({string.Join(", ", layer.Parameters.Select(p => p.Name))}) are not the {string.Join(", ", roles.Select(r => r.Role))} ConvGen.Onnx {Version} writes for it");
            }

            var tensors = new WeightTensor[roles.Count];
            for (int r = 0; r < roles.Count; r++)
            {
                Parameter p = layer.Parameters[r];
                if (p.Name != $"{layer.Name}/{roles[r].Role}" || !p.Shape.SequenceEqual(roles[r].Shape))
                {
                    throw Fail($"its parameter '{p.Name}' [{string.Join(", ", p.Shape)}] is not the '{layer.Name}/{roles[r].Role}' [{string.Join(", ", roles[r].Shape)}] ConvGen.Onnx {Version} expects");
                }

                if (next >= parameters.Count || !ReferenceEquals(parameters[next], p) || values[next].Length != p.Length)
                {
                    throw new InvalidOperationException($"Parameter '{p.Name}' is not parameter {next} of network '{name}' (the description and the weights disagree).");
                }

                tensors[r] = new WeightTensor(p.Name, roles[r].Shape, values[next++]);
            }

            outputs[i] = shape;
            weights.Add(tensors);
            pending.Add(new PendingLayer(spec, layer.Inputs.ToArray(), inputs, shape, layer.Name, layer.Kind.ToString()));
        }

        if (next != parameters.Count)
        {
            throw new InvalidOperationException($"Network '{name}' has {parameters.Count} parameters; its layers describe {next}.");
        }

        // ConvGen declares blocks of [Branch]es in the order it computes them: the importer's block order is the
        // identity, and gives each layer the [Branch] markers a declaration writes before it.
        List<(int Layer, int BranchesBefore)> order = BlockOrder.Of(pending, pending.Count - 1, problem => new OnnxExportException(name, problem));
        if (!order.Select(o => o.Layer).SequenceEqual(Enumerable.Range(0, pending.Count)))
        {
            throw new InvalidOperationException($"Network '{name}' computes its layers in another order than its blocks are declared.");
        }

        var layers = pending.Select((p, i) => new GraphLayer(p.Spec, p.Inputs, p.InputShapes, p.Output, weights[i], order[i].BranchesBefore, $"{p.Node} ({p.OpType})")).ToList();
        return new LayerGraph(input, layers, $"ConvGen network {name}");
    }

    /// <summary>ConvGen.Onnx's version, named when a network needs a newer one.</summary>
    public static string Version { get; } = typeof(NetworkReader).Assembly.GetName().Version?.ToString(3) ?? "?";

    private static LayerSpec? Spec(LayerDescription d) => d.Kind switch
    {
        LayerKind.Conv2D => new Conv2DSpec(d.Name, d.Filters, d.KernelSize, d.Strides, PadsOf(d), d.Activation, d.UseBias),
        LayerKind.DepthwiseConv2D => new DepthwiseConv2DSpec(d.Name, d.KernelSize, d.Strides, PadsOf(d), d.Activation, d.UseBias),
        LayerKind.MaxPool2D => new MaxPool2DSpec(d.Name, d.PoolSize, d.Strides, PadsOf(d)),
        LayerKind.AveragePooling2D => new AveragePooling2DSpec(d.Name, d.PoolSize, d.Strides, PadsOf(d), d.CountIncludePad),
        LayerKind.GlobalAveragePooling2D => new GlobalPooling2DSpec(d.Name, Max: false),
        LayerKind.GlobalMaxPooling2D => new GlobalPooling2DSpec(d.Name, Max: true),
        LayerKind.BatchNormalization => new BatchNormalizationSpec(d.Name, d.Epsilon, d.Momentum, d.Activation),
        LayerKind.Flatten => new FlattenSpec(d.Name),
        LayerKind.Dense => new DenseSpec(d.Name, d.Units, d.Activation, d.UseBias),
        LayerKind.Dropout => new DropoutSpec(d.Name, d.Rate),
        LayerKind.Add => new AddSpec(d.Name, d.Activation),
        LayerKind.Concatenate => new ConcatenateSpec(d.Name),
        _ => null,
    };

    private static Pads PadsOf(LayerDescription d) => d.Pads.Count == 4 ? new Pads(d.Pads[0], d.Pads[1], d.Pads[2], d.Pads[3]) : Pads.None;

    private static LayerShape Shape(IReadOnlyList<int> dims) => dims.Count == 1 ? LayerShape.Flat(dims[0]) : LayerShape.Spatial(dims[0], dims[1], dims[2]);
}
