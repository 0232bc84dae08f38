using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx;

/// <summary>
/// A network in ConvGen's layer vocabulary, in declaration order: the importer's result (validated: every shape
/// inferred, every weight in ConvGen's layout, the graph written as [Branch] blocks), which the declaration emitter
/// prints and whose weights go, in this order, into the weight file the generated network loads.
/// </summary>
/// <param name="Input">The network's input image (NHWC).</param>
/// <param name="Layers">The layers in declaration order; the last is the output.</param>
/// <param name="Source">Where the graph came from, for comments (e.g. <c>model.onnx: opset 13, producer pytorch 1.13.1</c>).</param>
public sealed record LayerGraph(LayerShape Input, IReadOnlyList<GraphLayer> Layers, string Source)
{
    /// <summary>Every parameter in the order the network's <c>Parameters</c> (and its weight file) hold them.</summary>
    public IEnumerable<WeightTensor> Weights => Layers.SelectMany(l => l.Weights);

    /// <summary>The output shape (of the last layer).</summary>
    public LayerShape Output => Layers[^1].Output;

    /// <summary>
    /// The output is features that the ONNX model flattened from an image as C·H·W while ConvGen flattens H·W·C
    /// (a model that ends in Flatten): the two orders differ for the same values.
    /// </summary>
    public bool OutputFlattenedNchw { get; init; }

    /// <summary>Parameters as Keras counts them (batch normalisation's moving statistics included).</summary>
    public long ParameterCount => Weights.Sum(w => (long)w.Values.Length);
}
