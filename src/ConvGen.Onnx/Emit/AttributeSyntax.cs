using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConvGen.Onnx.Emit;

/// <summary>
/// How each layer is spelled as a ConvGen attribute — the one place to adjust when the attributes change. Today's
/// attributes, plus the spellings the layers work (issue 22) will give: <c>Pads = new[] { top, left, bottom, right }</c>
/// on convolutions and pooling, <c>[AveragePooling2D(pool, Strides = s, CountIncludePad = …)]</c>,
/// <c>[GlobalAveragePooling2D]</c> and <c>[GlobalMaxPooling2D]</c>. Arguments equal to ConvGen's (Keras's) defaults are
/// left out; pads that equal Keras's 'same' are <c>Padding = Padding.Same</c>, none are 'valid' (nothing written).
/// </summary>
internal static class AttributeSyntax
{
    /// <summary>
    /// The network's marker attribute: an imported network is declared inference-only (forward and batch-normalisation
    /// folded kernels only; <c>Fit</c> refuses it), as it runs the weights it was imported with.
    /// </summary>
    public static string ConvNet() => "ConvNet(InferenceOnly = true)";

    public static string Input(LayerShape input) => Format($"Input({input.Height}, {input.Width}, {input.Channels})");

    public static string Branch() => "Branch";

    /// <summary>The attribute for <paramref name="layer"/>.</summary>
    public static string Layer(GraphLayer layer)
    {
        LayerShape input = layer.Input.Count > 0 ? layer.Input[0] : default;
        var args = new List<string>();
        string name;
        switch (layer.Spec)
        {
            case Conv2DSpec c:
                name = "Conv2D";
                args.Add(Format($"{c.Filters}"));
                args.Add(Format($"{c.KernelSize}"));
                Stride(args, c.Strides, 1);
                Padding(args, c.Pads, input, c.KernelSize, c.Strides);
                Activation(args, c.Activation);
                UseBias(args, c.UseBias);
                break;
            case DepthwiseConv2DSpec d:
                name = "DepthwiseConv2D";
                args.Add(Format($"{d.KernelSize}"));
                Stride(args, d.Strides, 1);
                Padding(args, d.Pads, input, d.KernelSize, d.Strides);
                Activation(args, d.Activation);
                UseBias(args, d.UseBias);
                break;
            case BatchNormalizationSpec b:
                name = "BatchNormalization";
                if (b.Epsilon != 0.001)
                {
                    args.Add("Epsilon = " + Number(b.Epsilon));
                }

                if (b.Momentum != 0.99)
                {
                    args.Add("Momentum = " + Number(b.Momentum));
                }

                Activation(args, b.Activation);
                break;
            case MaxPool2DSpec m:
                name = "MaxPool2D";
                args.Add(Format($"{m.PoolSize}"));
                Stride(args, m.Strides, m.PoolSize);
                Padding(args, m.Pads, input, m.PoolSize, m.Strides);
                break;
            case AveragePooling2DSpec a:
                name = "AveragePooling2D";
                args.Add(Format($"{a.PoolSize}"));
                Stride(args, a.Strides, a.PoolSize);
                Padding(args, a.Pads, input, a.PoolSize, a.Strides);
                if (!a.Pads.IsZero)
                {
                    args.Add("CountIncludePad = " + (a.CountIncludePad ? "true" : "false"));
                }

                break;
            case GlobalPooling2DSpec g:
                name = g.Max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
                break;
            case FlattenSpec:
                name = "Flatten";
                break;
            case DenseSpec d:
                name = "Dense";
                args.Add(Format($"{d.Units}"));
                Activation(args, d.Activation);
                UseBias(args, d.UseBias);
                break;
            case DropoutSpec d:
                name = "Dropout";
                args.Add(Number(d.Rate));
                break;
            case AddSpec s:
                name = "Add";
                Activation(args, s.Activation);
                break;
            case ConcatenateSpec:
                name = "Concatenate";
                break;
            default:
                throw new System.InvalidOperationException("No attribute for " + layer.Spec.Kind);
        }

        args.Add("Name = " + CSharpNames.StringLiteral(layer.Spec.Name));
        return name + "(" + string.Join(", ", args) + ")";
    }

    private static void Stride(List<string> args, int stride, int defaultStride)
    {
        if (stride != defaultStride)
        {
            args.Add(Format($"Strides = {stride}"));
        }
    }

    private static void Padding(List<string> args, Pads pads, LayerShape input, int kernel, int stride)
    {
        switch (Vocabulary.FormOf(pads, input, kernel, stride))
        {
            case PaddingForm.Same:
                args.Add("Padding = Padding.Same");
                break;
            case PaddingForm.Explicit:
                args.Add(Format($"Pads = new[] {{ {pads.Top}, {pads.Left}, {pads.Bottom}, {pads.Right} }}"));
                break;
        }
    }

    private static void Activation(List<string> args, Activation activation)
    {
        if (activation != ConvGen.Activation.None)
        {
            args.Add("Activation = Activation." + activation);
        }
    }

    private static void UseBias(List<string> args, bool useBias)
    {
        if (!useBias)
        {
            args.Add("UseBias = false");
        }
    }

    /// <summary>A double literal; a value that is exactly a float (ONNX attributes are float32) is written as that float's shortest form (1E-05, not 9.99999974737875E-06).</summary>
    private static string Number(double value)
    {
        float single = (float)value;
        return (double)single == value ? single.ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
