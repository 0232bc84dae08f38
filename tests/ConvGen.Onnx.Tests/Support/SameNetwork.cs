using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>
/// What "the same network" means for a round trip through ONNX: the re-imported graph has the original's layers
/// with its Dropout layers left out (ONNX inference graphs have none: a Dropout computes nothing at inference), in
/// the same order and the same [Branch] blocks, each with the same kind and settings — filters or units, kernel or
/// pool size, strides, pads per side, activation, bias, batch normalisation's ε and momentum (as float32, the ONNX
/// attributes' type) — the same name, the same inputs, input and output shapes, and bit for bit the same weights.
/// </summary>
internal static class SameNetwork
{
    /// <summary><paramref name="graph"/> without its Dropout layers: readers of a Dropout read its input, and its [Branch] markers move to the next layer.</summary>
    public static LayerGraph WithoutDropout(LayerGraph graph)
    {
        var position = new Dictionary<int, int> { [-1] = -1 };
        var layers = new List<GraphLayer>();
        int carried = 0;
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            GraphLayer layer = graph.Layers[i];
            if (layer.Spec is DropoutSpec)
            {
                position[i] = position[layer.Inputs[0]];
                carried += layer.BranchesBefore;
                continue;
            }

            position[i] = layers.Count;
            layers.Add(layer with { Inputs = layer.Inputs.Select(input => position[input]).ToArray(), BranchesBefore = layer.BranchesBefore + carried });
            carried = 0;
        }

        return graph with { Layers = layers };
    }

    /// <summary>Asserts that <paramref name="reimported"/> is <paramref name="original"/> as defined above.</summary>
    public static void Check(LayerGraph original, LayerGraph reimported)
    {
        LayerGraph expected = WithoutDropout(original);
        Assert.Equal(expected.Input, reimported.Input);
        Assert.Equal(expected.Layers.Select(l => l.Spec.Name), reimported.Layers.Select(l => l.Spec.Name));
        for (int i = 0; i < expected.Layers.Count; i++)
        {
            GraphLayer e = expected.Layers[i], a = reimported.Layers[i];
            Assert.Equal(e.Spec, a.Spec);
            Assert.Equal(e.Inputs, a.Inputs);
            Assert.Equal(e.Input, a.Input);
            Assert.Equal(e.Output, a.Output);
            Assert.Equal(e.BranchesBefore, a.BranchesBefore);
            Assert.Equal(e.Weights.Select(w => w.Name), a.Weights.Select(w => w.Name));
            for (int w = 0; w < e.Weights.Count; w++)
            {
                Assert.Equal(e.Weights[w].Shape, a.Weights[w].Shape);
                Assert.True(e.Weights[w].Values.AsSpan().SequenceEqual(a.Weights[w].Values), $"{e.Weights[w].Name} differs after the round trip.");
            }
        }
    }

    /// <summary>A declaration's attribute lines (what the generator compiles, each with its output shape), without the comments that name the file.</summary>
    public static string[] AttributeLines(string declaration) =>
        declaration.Split('\n').Where(l => l.StartsWith('[')).ToArray();
}
