using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// A read-only description of a network's graph (<see cref="Network.Describe"/>): its input, and its layers in
/// computation order with what each reads, its output shape, its settings and its parameters. It is what tools that
/// walk a network need — an exporter (ConvGen.Onnx writes it as ONNX), a visualiser — without the runtime's
/// internals. Shapes are per image, NHWC as everywhere in ConvGen: <c>[height, width, channels]</c> for images,
/// <c>[features]</c> for flat tensors.
/// </summary>
public sealed class NetworkDescription
{
    internal NetworkDescription(string name, IReadOnlyList<int> inputShape, IReadOnlyList<LayerDescription> layers)
    {
        Name = name;
        InputShape = inputShape;
        Layers = layers;
    }

    /// <summary>The network's class name.</summary>
    public string Name { get; }

    /// <summary>The input image: <c>[height, width, channels]</c>.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The layers in computation order (the declaration's order); the last one's output is the network's.</summary>
    public IReadOnlyList<LayerDescription> Layers { get; }

    /// <summary>Describes <paramref name="graph"/>'s layers.</summary>
    internal static NetworkDescription Of(string name, NetworkGraph graph)
    {
        var layers = new LayerDescription[graph.Layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = LayerDescription.Of(graph.Layers[i], graph.Inputs[i], graph.Inputs[i].Length > 0 ? Shape(graph, graph.Inputs[i][0]) : default, graph.OutputShapes[i]);
        }

        return new NetworkDescription(name, Array.AsReadOnly(new[] { graph.Input.Height, graph.Input.Width, graph.Input.Channels }), Array.AsReadOnly(layers));
    }

    private static LayerShape Shape(NetworkGraph graph, int index) => index < 0 ? graph.Input : graph.OutputShapes[index];
}
