using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Onnx.Import;

namespace ConvGen.Onnx;

/// <summary>
/// ConvGen's layers as ONNX nodes, their weights converted from ConvGen's layouts to ONNX's: Conv (group 1, or the
/// channel count for a depthwise convolution; OIHW weights; pads per side), BatchNormalization (the moving
/// statistics, ε and momentum), MaxPool, AveragePool, GlobalAveragePool/GlobalMaxPool + Flatten, Flatten, Gemm
/// (<c>transB</c>, PyTorch's [units, inputs] weight), Add, Concat on the channels; activations as their own nodes
/// (Relu, Clip(0, 6), Softmax); Dropout writes no node (the identity at inference). Nodes are named as PyTorch names
/// them, <c>/{layer}/{Op}</c>, so the importer gives the layer its name back; values <c>/{layer}/{Op}_output_0</c>,
/// weights <c>{layer}.weight</c>, <c>.bias</c>, <c>.running_mean</c>, <c>.running_var</c>.
/// </summary>
public sealed partial class OnnxModelBuilder
{
    private string? _clipMin, _clipMax;

    /// <summary>
    /// Writes <paramref name="layer"/> reading <paramref name="input"/> (of shape <paramref name="inputShape"/>) as ONNX
    /// node(s) that compute what ConvGen computes, with its parameters in ConvGen's layouts (<paramref name="weights"/>
    /// in the order of <see cref="LayerSpec.Parameters"/>: an HWIO kernel, then the bias; a Dense kernel
    /// [inputs, units]). Returns the output's name (<paramref name="output"/>, or a name of its own).
    /// </summary>
    public string AddLayer(LayerSpec layer, string input, LayerShape inputShape, IReadOnlyList<float[]> weights, string? output = null) =>
        AddLayer(layer, new[] { input }, new[] { inputShape }, weights, output);

    /// <summary>
    /// Writes <paramref name="layer"/> reading <paramref name="inputs"/> (an Add's or a Concatenate's several) as ONNX
    /// node(s); see <see cref="AddLayer(LayerSpec, string, LayerShape, IReadOnlyList{float[]}, string?)"/>. A Flatten
    /// writes ConvGen's H·W·C order (a Transpose to NHWC, then Flatten); a Dense layer reads its features in that order.
    /// </summary>
    public string AddLayer(LayerSpec layer, IReadOnlyList<string> inputs, IReadOnlyList<LayerShape> inputShapes, IReadOnlyList<float[]> weights, string? output = null) =>
        AddLayer(layer, inputs, inputShapes, weights, output, default);

    /// <summary>As the public overload, with the graph-level choices of <paramref name="context"/>.</summary>
    internal string AddLayer(LayerSpec layer, IReadOnlyList<string> inputs, IReadOnlyList<LayerShape> inputShapes, IReadOnlyList<float[]> weights, string? output, LayerContext context)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(inputShapes);
        ArgumentNullException.ThrowIfNull(weights);
        if (inputs.Count != inputShapes.Count)
        {
            throw new ArgumentException($"Layer '{layer.Name}': {inputs.Count} inputs but {inputShapes.Count} input shapes.", nameof(inputShapes));
        }

        (LayerShape shape, string? problem) = layer.OutputShape(inputShapes);
        if (problem is not null)
        {
            throw new ArgumentException($"Layer '{layer.Name}' cannot read {string.Join(" and ", inputShapes)}: {problem}.", nameof(inputShapes));
        }

        IReadOnlyList<(string Role, int[] Shape)> parameters = layer.Parameters(inputShapes);
        if (weights.Count != parameters.Count)
        {
            throw new ArgumentException($"Layer '{layer.Name}' has {parameters.Count} parameters ({string.Join(", ", parameters.Select(p => p.Role))}); {weights.Count} were given.", nameof(weights));
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            CheckLength($"{layer.Name}/{parameters[i].Role}", weights[i].Length, parameters[i].Shape);
        }

        var nodes = new LayerNodes(this, layer.Name, output);
        LayerShape x = inputShapes[0];
        switch (layer)
        {
            case Conv2DSpec c:
                return Convolution(nodes, inputs[0], x.Channels, c.Filters, 1, c.KernelSize, c.Strides, c.Pads, c.Activation, weights);
            case DepthwiseConv2DSpec d:
                return Convolution(nodes, inputs[0], x.Channels, x.Channels, x.Channels, d.KernelSize, d.Strides, d.Pads, d.Activation, weights);
            case BatchNormalizationSpec b:
            {
                string[] roles = { "weight", "bias", "running_mean", "running_var" };
                var bnInputs = new List<string> { inputs[0] };
                bnInputs.AddRange(roles.Select((role, i) => Initializer(UniqueName($"{layer.Name}.{role}"), weights[i], x.Channels)));
                string y = nodes.Add("BatchNormalization", bnInputs, last: b.Activation == Activation.None,
                    OnnxAttribute.Float("epsilon", (float)b.Epsilon), OnnxAttribute.Float("momentum", (float)b.Momentum));
                return Activate(nodes, y, b.Activation);
            }

            case MaxPool2DSpec m:
                return nodes.Add("MaxPool", inputs, last: true, Window(m.PoolSize, m.Strides, m.Pads));
            case AveragePooling2DSpec a:
                return nodes.Add("AveragePool", inputs, last: true,
                    Window(a.PoolSize, a.Strides, a.Pads).Append(OnnxAttribute.Int("count_include_pad", a.CountIncludePad ? 1 : 0)).ToArray());
            case GlobalPooling2DSpec g:
                return nodes.Add("Flatten", new[] { nodes.Add(g.Max ? "GlobalMaxPool" : "GlobalAveragePool", inputs, last: false) }, last: true, OnnxAttribute.Int("axis", 1));
            case FlattenSpec:
                // ONNX flattens N x C x H x W as C·H·W; ConvGen's H·W·C order needs the channels last first, unless
                // one of the orders is trivial or the graph reorders the next Dense layer's weights instead.
                bool transpose = !context.FlattenAsOnnx && x.Channels > 1 && x.Height * x.Width > 1;
                string flat = transpose ? nodes.Add("Transpose", inputs, last: false, OnnxAttribute.Ints("perm", 0, 2, 3, 1)) : inputs[0];
                return nodes.Add("Flatten", new[] { flat }, last: true, OnnxAttribute.Int("axis", 1));
            case DenseSpec dense:
                return Dense(nodes, inputs[0], x.Channels, dense, weights, context.DenseInputFlattenedNchw);
            case DropoutSpec:
                return nodes.Identity(inputs[0]);
            case AddSpec add:
            {
                string sum = inputs[0];
                for (int i = 1; i < inputs.Count; i++)
                {
                    sum = nodes.Add("Add", new[] { sum, inputs[i] }, last: i == inputs.Count - 1 && add.Activation == Activation.None);
                }

                return Activate(nodes, sum, add.Activation);
            }

            case ConcatenateSpec:
                return nodes.Add("Concat", inputs, last: true, OnnxAttribute.Int("axis", 1));
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' is a {layer.Kind}, which ConvGen.Onnx does not write as ONNX.");
        }
    }

    private string Convolution(LayerNodes nodes, string input, int channels, int filters, int group, int kernel, int stride, Pads pads, Activation activation, IReadOnlyList<float[]> weights)
    {
        int perGroup = channels / group;
        float[] oihw = WeightLayouts.HwioToOihw(weights[0], filters, perGroup, kernel);
        var inputs = new List<string> { input, Initializer(UniqueName(nodes.Layer + ".weight"), oihw, filters, perGroup, kernel, kernel) };
        if (weights.Count > 1)
        {
            inputs.Add(Initializer(UniqueName(nodes.Layer + ".bias"), weights[1], filters));
        }

        string conv = nodes.Add("Conv", inputs, last: activation == Activation.None,
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads.Top, pads.Left, pads.Bottom, pads.Right),
            OnnxAttribute.Ints("dilations", 1, 1),
            OnnxAttribute.Int("group", group));
        return Activate(nodes, conv, activation);
    }

    // Gemm with PyTorch's [units, inputs] weight (transB = 1); without a bias before opset 11 (where Gemm needs C), MatMul.
    private string Dense(LayerNodes nodes, string input, int inputs, DenseSpec dense, IReadOnlyList<float[]> weights, (int C, int H, int W)? flattenedNchw)
    {
        bool gemm = dense.UseBias || Opset >= 11;
        float[] b = WeightLayouts.DenseToOnnx(weights[0], inputs, dense.Units, transposed: gemm, flattenedNchw);
        var gemmInputs = new List<string>
        {
            input,
            gemm ? Initializer(UniqueName(nodes.Layer + ".weight"), b, dense.Units, inputs) : Initializer(UniqueName(nodes.Layer + ".weight"), b, inputs, dense.Units),
        };
        if (dense.UseBias)
        {
            gemmInputs.Add(Initializer(UniqueName(nodes.Layer + ".bias"), weights[1], dense.Units));
        }

        bool last = dense.Activation == Activation.None;
        string y = gemm
            ? nodes.Add("Gemm", gemmInputs, last, OnnxAttribute.Float("alpha", 1f), OnnxAttribute.Float("beta", 1f), OnnxAttribute.Int("transB", 1))
            : nodes.Add("MatMul", gemmInputs, last);
        return Activate(nodes, y, dense.Activation);
    }

    private string Activate(LayerNodes nodes, string input, Activation activation) => activation switch
    {
        Activation.None => input,
        Activation.Relu => nodes.Add("Relu", new[] { input }, last: true),
        Activation.Relu6 when Opset < 11 => nodes.Add("Clip", new[] { input }, last: true, OnnxAttribute.Float("min", 0f), OnnxAttribute.Float("max", 6f)),
        Activation.Relu6 => nodes.Add("Clip", new[] { input, _clipMin ??= Initializer(UniqueName("relu6.min"), new[] { 0f }), _clipMax ??= Initializer(UniqueName("relu6.max"), new[] { 6f }) }, last: true),
        Activation.Softmax => nodes.Add("Softmax", new[] { input }, last: true, OnnxAttribute.Int("axis", 1)),
        _ => throw new NotSupportedException($"Layer '{nodes.Layer}': activation {activation} is not written as ONNX."),
    };

    private static OnnxAttribute[] Window(int size, int stride, Pads pads) => new[]
    {
        OnnxAttribute.Ints("kernel_shape", size, size),
        OnnxAttribute.Ints("strides", stride, stride),
        OnnxAttribute.Ints("pads", pads.Top, pads.Left, pads.Bottom, pads.Right),
    };

    /// <summary>Graph-level choices for one layer: how a Flatten orders its features, and in what order a Dense layer receives them.</summary>
    /// <param name="FlattenAsOnnx">Flatten as ONNX does (C·H·W) because every layer reading the features reorders its weights for it.</param>
    /// <param name="DenseInputFlattenedNchw">A Dense layer's features are an image flattened as C·H·W (of this C, H, W): its rows are reordered.</param>
    internal readonly record struct LayerContext(bool FlattenAsOnnx, (int C, int H, int W)? DenseInputFlattenedNchw);

    /// <summary>Names one layer's nodes and values; the last node writes the layer's output.</summary>
    private sealed class LayerNodes(OnnxModelBuilder builder, string layer, string? output)
    {
        private readonly Dictionary<string, int> _ops = new(StringComparer.Ordinal);

        public string Layer => layer;

        /// <summary>Adds an <paramref name="op"/> node; the layer's <c>output</c> name goes to the <paramref name="last"/> one.</summary>
        public string Add(string op, IReadOnlyList<string> inputs, bool last, params OnnxAttribute[] attributes)
        {
            int n = _ops.GetValueOrDefault(op);
            _ops[op] = n + 1;
            string node = $"/{layer}/{op}" + (n == 0 ? string.Empty : "_" + n.ToString(CultureInfo.InvariantCulture));
            string value = last && output is not null ? output : builder.UniqueName(node + "_output_0");
            return builder.Node(op, node, inputs, value, attributes);
        }

        /// <summary>A layer that computes nothing at inference: its input, or an Identity node when the output must have its own name.</summary>
        public string Identity(string input) => output is null || output == input ? input : Add("Identity", new[] { input }, last: true);
    }
}
