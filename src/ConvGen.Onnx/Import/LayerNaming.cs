using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Onnx.Emit;

namespace ConvGen.Onnx.Import;

/// <summary>
/// Layer names from ONNX node names: PyTorch's <c>/layer1/layer1.0/conv1/Conv</c> becomes <c>layer1/layer1.0/conv1</c>
/// (the leading '/' and the operator suffix dropped); characters outside letters, digits and <c>_ . / - :</c> become
/// '_'; an unnamed node gets Keras's default (<c>conv2d_2</c>). Names are made unique, and so are the C# class names
/// the generator derives from them (<c>conv_1</c> and <c>conv1</c> are both <c>Conv1</c>), avoiding the members it
/// generates beside them.
/// </summary>
internal static class LayerNaming
{
    // Members the generator adds to a network class (a nested kernel class of the same name would clash).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "InputHeight", "InputWidth", "InputChannels", "OutputLength", "ParameterCount", "Layers", "CreateLayers",
        "Name", "Summary", "Fit", "Evaluate", "Predict", "PredictClasses", "LayerOutput", "SaveWeights", "LoadWeights",
        "CopyWeights", "SetWeights", "Parameters", "Threads", "Dispose", "InitializeWeights", "LayerSummaries",
        "OutputCount", "FoldBatchNormalization", "TrainableParameterCount", "InputLength",
    };

    public static string[] Assign(IReadOnlyList<PendingLayer> layersInOrder)
    {
        var names = new string[layersInOrder.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var classes = new HashSet<string>(Reserved, StringComparer.Ordinal);
        var defaults = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layersInOrder.Count; i++)
        {
            PendingLayer layer = layersInOrder[i];
            string name = FromNode(layer.Node, layer.OpType);
            if (name.Length == 0)
            {
                string prefix = DefaultPrefix(layer.Spec);
                int n = defaults.GetValueOrDefault(prefix);
                defaults[prefix] = n + 1;
                name = n == 0 ? prefix : prefix + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            string unique = name;
            for (int k = 2; !IsFree(unique, taken, classes); k++)
            {
                unique = name + "_" + k.ToString(CultureInfo.InvariantCulture);
            }

            taken.Add(unique);
            classes.Add(CSharpNames.LayerClassName(unique));
            classes.Add(CSharpNames.LayerClassName(unique) + "Folded");
            names[i] = unique;
        }

        return names;
    }

    private static bool IsFree(string name, HashSet<string> taken, HashSet<string> classes) =>
        !taken.Contains(name) && !classes.Contains(CSharpNames.LayerClassName(name)) && !classes.Contains(CSharpNames.LayerClassName(name) + "Folded");

    /// <summary>The node's name cleaned; empty when there is nothing left to use.</summary>
    public static string FromNode(string node, string op)
    {
        string name = node.TrimStart('/');
        int slash = name.LastIndexOf('/');
        if (slash > 0)
        {
            string last = name[(slash + 1)..];
            // PyTorch names a node <module path>/<OpType> (or <OpType>_<n>): the module path names the layer.
            if (last == op || (last.StartsWith(op + "_", StringComparison.Ordinal) && last[(op.Length + 1)..].All(char.IsAsciiDigit)))
            {
                name = name[..slash];
            }
        }

        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-' or ':' ? c : '_');
        }

        string cleaned = text.ToString().Trim('/');
        return cleaned.Any(char.IsAsciiLetterOrDigit) && cleaned.Length <= 200 ? cleaned : string.Empty;
    }

    private static string DefaultPrefix(LayerSpec spec) => spec switch
    {
        Conv2DSpec => "conv2d",
        DepthwiseConv2DSpec => "depthwise_conv2d",
        BatchNormalizationSpec => "batch_normalization",
        MaxPool2DSpec => "max_pooling2d",
        AveragePooling2DSpec => "average_pooling2d",
        GlobalPooling2DSpec { Max: true } => "global_max_pooling2d",
        GlobalPooling2DSpec => "global_average_pooling2d",
        FlattenSpec => "flatten",
        DenseSpec => "dense",
        AddSpec => "add",
        ConcatenateSpec => "concatenate",
        DropoutSpec => "dropout",
        _ => "layer",
    };
}
