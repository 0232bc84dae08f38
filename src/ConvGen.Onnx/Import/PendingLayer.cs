using System.Collections.Generic;

namespace ConvGen.Onnx.Import;

/// <summary>A layer while the graph is converted: its spec can still take an activation or a bias from a later node.</summary>
internal sealed class PendingLayer(LayerSpec spec, IReadOnlyList<int> inputs, IReadOnlyList<LayerShape> inputShapes, LayerShape output, string node, string opType)
{
    public LayerSpec Spec { get; set; } = spec;

    public IReadOnlyList<int> Inputs { get; } = inputs;

    public IReadOnlyList<LayerShape> InputShapes { get; } = inputShapes;

    public LayerShape Output { get; } = output;

    /// <summary>The node that made it (its name names the layer).</summary>
    public string Node { get; } = node;

    /// <summary>That node's operator.</summary>
    public string OpType { get; } = opType;

    /// <summary>Values by parameter role (<c>kernel</c>, <c>bias</c>, …), in ConvGen's layouts.</summary>
    public Dictionary<string, float[]> Weights { get; } = new();

    /// <summary>Every node folded into it, for messages and comments: <c>/conv1/Conv (Conv)</c>.</summary>
    public List<string> Sources { get; } = new() { $"{node} ({opType})" };

    /// <summary>A MatMul's Dense, whose bias may come from the Add that follows.</summary>
    public bool AwaitsBias { get; set; }
}
