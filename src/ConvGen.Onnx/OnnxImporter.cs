using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Import;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx;

/// <summary>
/// Reads an ONNX model (opsets 7–21, float32, N × C × H × W input with fixed C, H and W) into a <see cref="LayerGraph"/>:
/// ConvGen's layers in declaration order, shapes inferred and checked against the model's value_info, weights in
/// ConvGen's layouts. BatchNormalization stays a layer (ConvGen folds it into the convolution before it at
/// inference); activations, Softmax, a MatMul's bias and a Pad's zeros fold into the layer they follow; Identity and
/// Dropout disappear. What it cannot import exactly throws <see cref="OnnxImportException"/> naming the node.
/// </summary>
public static class OnnxImporter
{
    /// <summary>Imports the model file at <paramref name="path"/>.</summary>
    public static LayerGraph Import(string path) => Import(OnnxFile.Read(path), path);

    /// <summary>Imports a model held in memory; <paramref name="source"/> names it in messages.</summary>
    public static LayerGraph Import(byte[] model, string source) => Import(OnnxFile.Parse(model, source), source);

    internal static LayerGraph Import(ModelProto model, string source)
    {
        var converter = GraphConverter.Convert(model, source);
        IReadOnlyList<PendingLayer> layers = converter.Layers;
        List<(int Layer, int BranchesBefore)> order = BlockOrder.Of(layers, converter.OutputLayer, problem => new OnnxImportException(source, problem));
        string[] names = LayerNaming.Assign(order.Select(o => layers[o.Layer]).ToArray());

        var position = new Dictionary<int, int> { [-1] = -1 };
        for (int i = 0; i < order.Count; i++)
        {
            position[order[i].Layer] = i;
        }

        var result = new List<GraphLayer>(order.Count);
        for (int i = 0; i < order.Count; i++)
        {
            PendingLayer layer = layers[order[i].Layer];
            LayerSpec spec = layer.Spec with { Name = names[i] };
            var weights = new List<WeightTensor>();
            foreach ((string role, int[] shape) in spec.Parameters(layer.InputShapes))
            {
                float[] values = layer.Weights[role];
                long length = shape.Aggregate(1L, (p, d) => p * d);
                if (values.Length != length)
                {
                    throw new OnnxImportException(source, $"parameter {role} holds {values.Length} values, its shape [{string.Join(", ", shape)}] needs {length} (an importer bug)", layer.Node, layer.OpType);
                }

                weights.Add(new WeightTensor($"{names[i]}/{role}", shape, values));
            }

            result.Add(new GraphLayer(spec, layer.Inputs.Select(input => position[input]).ToArray(), layer.InputShapes, layer.Output, weights, order[i].BranchesBefore, string.Join(" + ", layer.Sources)));
        }

        string producer = $"{model.ProducerName} {model.ProducerVersion}".Trim();
        string description = $"{Path.GetFileName(source)}: opset {converter.Opset}, IR version {model.IrVersion}{(producer.Length > 0 ? ", produced by " + producer : string.Empty)}";
        return new LayerGraph(converter.Input, result, description) { OutputFlattenedNchw = converter.OutputFlattenedNchw };
    }
}
