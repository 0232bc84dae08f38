using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConvGen.Onnx.Emit;

/// <summary>
/// Prints a <see cref="LayerGraph"/> as the C# file a user adds to a project: an ordinary attributed
/// <c>[ConvNet]</c> declaration, one attribute per line (a <c>[Branch]</c> line opens each branch of a block), the
/// output shape of each layer in a comment. It decides nothing: the graph's order, names and pads are the importer's,
/// the attribute spellings <see cref="AttributeSyntax"/>'s.
/// </summary>
public static class DeclarationEmitter
{
    /// <summary>The file's text for class <paramref name="className"/> in <paramref name="ns"/> (null: the global namespace); <paramref name="weightsFile"/> is named in its comments.</summary>
    public static string Emit(LayerGraph graph, string className, string? ns, string weightsFile)
    {
        var text = new StringBuilder();
        void Add(string line) => text.Append(line).Append('\n');

        LayerShape input = graph.Input;
        Add($"// Imported by ConvGen from {CSharpNames.CommentText(graph.Source)}.");
        Add(Format($"// Input: {input.Height}x{input.Width}x{input.Channels} images, NHWC (the ONNX model takes N x {input.Channels} x {input.Height} x {input.Width}, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts)."));
        string outputNote = graph.Output.IsFlat
            ? graph.OutputFlattenedNchw ? ", features in H·W·C order (ONNX flattened C·H·W)" : string.Empty
            : ", NHWC (NchwLayout.ToNchw gives ONNX's order)";
        Add($"// Output: {graph.Output}{outputNote}. Weights: {CSharpNames.CommentText(weightsFile)} (LoadWeights).");
        Add("using ConvGen;");
        Add(string.Empty);
        if (ns is not null)
        {
            Add($"namespace {ns};");
            Add(string.Empty);
        }

        Add(Format($"/// <summary>Imported from {CSharpNames.CommentText(graph.Source)}: {graph.Layers.Count} layers, {graph.ParameterCount:N0} parameters.</summary>"));
        Add($"[{AttributeSyntax.ConvNet()}]");
        Add($"[{AttributeSyntax.Input(input)}]");
        foreach (GraphLayer layer in graph.Layers)
        {
            for (int b = 0; b < layer.BranchesBefore; b++)
            {
                Add($"[{AttributeSyntax.Branch()}]");
            }

            Add($"[{AttributeSyntax.Layer(layer)}] // {layer.Output}");
        }

        Add($"public partial class {className}");
        Add("{");
        Add("}");
        return text.ToString();
    }

    private static string Format(System.FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
