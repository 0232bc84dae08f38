using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx.Export;

/// <summary>
/// Writes a <see cref="LayerGraph"/> as an ONNX graph that computes what ConvGen computes: the input <c>input</c>
/// (N × C × H × W, N dynamic), every layer's nodes in order (<see cref="OnnxModelBuilder"/>'s layer writing), the
/// output <c>output</c> ([N, features], or N × C × H × W for a network ending in an image), and each layer's output
/// shape as value_info. It decides the graph-level layouts: a Flatten whose features only Dense layers read (through
/// Dropout) flattens as ONNX does, C·H·W, and those Dense layers' rows are reordered for it — what PyTorch writes and
/// the importer reads; features that reach anything else (the output, BatchNormalization, Add) keep ConvGen's H·W·C
/// order through a Transpose to NHWC before the Flatten. Weights that are NaN or infinite are refused.
/// </summary>
internal static class GraphWriter
{
    public const string InputName = "input", OutputName = "output";

    public static void Write(LayerGraph graph, OnnxModelBuilder builder, string network)
    {
        IReadOnlyList<GraphLayer> layers = graph.Layers;
        int last = layers.Count - 1;
        var readers = Enumerable.Range(0, layers.Count).Select(_ => new List<int>()).ToArray();
        for (int l = 0; l < layers.Count; l++)
        {
            foreach (int source in layers[l].Inputs.Where(i => i >= 0))
            {
                readers[source].Add(l);
            }
        }

        bool OnlyDenseReads(int l) => l != last && readers[l].All(r => layers[r].Spec is DenseSpec || (layers[r].Spec is DropoutSpec && OnlyDenseReads(r)));

        string input = builder.Input(InputName, null, graph.Input.Channels, graph.Input.Height, graph.Input.Width);
        var names = new string[layers.Count];
        var flattened = new (int C, int H, int W)?[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            GraphLayer layer = layers[l];
            CheckFinite(layer, network);
            (int C, int H, int W)? order = layer.Inputs.Count == 1 && layer.Inputs[0] >= 0 ? flattened[layer.Inputs[0]] : null;
            var context = new OnnxModelBuilder.LayerContext(layer.Spec is FlattenSpec && OnlyDenseReads(l), layer.Spec is DenseSpec ? order : null);
            if (order is not null && layer.Spec is not (DenseSpec or DropoutSpec))
            {
                throw new InvalidOperationException($"Layer '{layer.Spec.Name}' reads features flattened as C·H·W (an exporter bug).");
            }

            string[] inputs = layer.Inputs.Select(i => i < 0 ? input : names[i]).ToArray();
            try
            {
                names[l] = builder.AddLayer(layer.Spec, inputs, layer.Input, layer.Weights.Select(w => w.Values).ToArray(), l == last ? OutputName : null, context);
            }
            catch (NotSupportedException ex)
            {
                throw new OnnxExportException(network, $"ConvGen.Onnx does not write {layer.Spec.Kind} layers as ONNX (this version writes ConvGen's layers and those of the importer's vocabulary)", layer.Spec.Name, layer.Spec.Kind, ex);
            }

            LayerShape s = layer.Input.Count > 0 ? layer.Input[0] : default;
            flattened[l] = layer.Spec switch
            {
                FlattenSpec when context.FlattenAsOnnx && s.Channels > 1 && s.Height * s.Width > 1 => (s.Channels, s.Height, s.Width),
                DropoutSpec => order,
                _ => null,
            };
            if (l != last && layer.Spec is not DropoutSpec)
            {
                builder.Shape(names[l], Dims(layer.Output));
            }
        }

        builder.Output(OutputName, Dims(layers[last].Output));
    }

    /// <summary>The ONNX dimensions of a value of shape <paramref name="shape"/>, the batch dynamic.</summary>
    public static int?[] Dims(LayerShape shape) => shape.IsFlat ? new int?[] { null, shape.Channels } : new int?[] { null, shape.Channels, shape.Height, shape.Width };

    private static void CheckFinite(GraphLayer layer, string network)
    {
        foreach (WeightTensor w in layer.Weights)
        {
            int bad = Array.FindIndex(w.Values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new OnnxExportException(network, $"its parameter '{w.Name}' holds {w.Values[bad]} at index {bad}; a network whose weights are not finite computes nothing useful (train it again, or load good weights)", layer.Spec.Name, layer.Spec.Kind);
            }
        }
    }
}
