using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>Flatten and Reshape to 2-D (ConvGen's Flatten), Gemm and MatMul (+ Add) as Dense layers.</summary>
internal sealed partial class GraphConverter
{
    private void Flatten(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "axis");
        TensorValue x = Tensor(node, 0);
        int rank = x.Dims.Count + 1;
        long axis = a.Int("axis", 1);
        if (axis < 0)
        {
            axis += rank;
        }

        if (axis != 1)
        {
            throw FailNode($"it flattens at axis {a.Int("axis", 1)} of a rank-{rank} tensor; ConvGen flattens each image (axis 1), keeping the batch");
        }

        ToFeatures(node, x);
    }

    /// <summary>Reshape to [batch, features] (a constant shape such as [0, −1], [−1, C·H·W] or [N, −1] for a fixed batch N) is a Flatten.</summary>
    private void Reshape(NodeProto node)
    {
        NodeAttributes a = Opset >= 14 ? Attributes(node, "allowzero") : Attributes(node);
        TensorValue x = Tensor(node, 0);
        long[] shape = Integers(Constant(node, 1, "shape")!);
        bool allowZero = a.Int("allowzero", 0) != 0;
        long features = x.Dims.Aggregate(1L, (p, d) => p * d);
        bool ok = shape.Length == 2;
        if (ok)
        {
            long batch = shape[0], rest = shape[1];
            bool keepsBatch = (batch == 0 && !allowZero) || (batch == -1 && rest == features) || (batch > 0 && _batch == batch);
            bool flattens = rest == -1 || rest == features || (rest == 0 && !allowZero && x.Dims[0] == features);
            ok = keepsBatch && flattens && !(batch == -1 && rest == -1);
        }

        if (!ok)
        {
            string batchNote = shape.Length == 2 && shape[0] > 0 && _batch != shape[0] ? $" (a fixed batch of {shape[0]} in a model whose batch is {(_batch is long b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "dynamic")})" : string.Empty;
            throw FailNode($"it reshapes N x {string.Join(" x ", x.Dims)} to {NodeAttributes.Format(shape)}{batchNote}; ConvGen imports Reshape only as a Flatten to [batch, {features}]");
        }

        ToFeatures(node, x);
    }

    /// <summary>An image becomes a Flatten layer; features (a Dense output, global pooling's C × 1 × 1) stay as they are.</summary>
    private void ToFeatures(NodeProto node, TensorValue x)
    {
        long features = x.Dims.Aggregate(1L, (p, d) => p * d);
        if (x.Shape.IsFlat)
        {
            Define(node, new TensorValue { Layer = x.Layer, Shape = x.Shape, Dims = new[] { features }, Root = Root(node.Output[0]), FlattenedFrom = x.FlattenedFrom });
            return;
        }

        (_, TensorValue output) = AddLayer(node, new FlattenSpec(NodeLabel(node)), new[] { x });
        LayerShape s = x.Shape;
        Define(node, new TensorValue
        {
            Layer = output.Layer,
            Shape = output.Shape,
            Dims = output.Dims,
            Root = output.Root,
            FlattenedFrom = s.Height * s.Width > 1 && s.Channels > 1 ? (s.Channels, s.Height, s.Width) : null,
        });
    }

    /// <summary>Gemm: Y = alpha · A · B (Bᵀ when transB) + beta · C, A the features; alpha and beta are folded into the weights.</summary>
    private void Gemm(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "alpha", "beta", "transA", "transB");
        TensorValue x = Features(node);
        if (a.Int("transA", 0) != 0)
        {
            throw FailNode("transA = 1 multiplies the transposed batch; ConvGen's Dense layer reads one image per row (transA = 0)");
        }

        bool transposed = a.Int("transB", 0) != 0;
        float alpha = a.Float("alpha", 1f), beta = a.Float("beta", 1f);
        TensorProto b = Constant(node, 1, "weight B")!;
        int inputs = x.Shape.Channels;
        int units = DenseUnits(b, inputs, transposed);
        TensorProto? c = Constant(node, 2, "bias C", optional: true);
        float[]? bias = null;
        if (c is not null && beta != 0f)
        {
            long[] cd = Dims(c);
            float[] values = Floats(c);
            bool vector = (cd.Length == 1 && cd[0] == units) || (cd.Length == 2 && cd[0] == 1 && cd[1] == units);
            bool scalar = values.Length == 1 && cd.Length <= 2;
            if (!vector && !scalar)
            {
                throw FailNode($"its bias C '{c.Name}' has shape {OnnxTensors.Shape(c)}; {units} values (or one) were expected (inconsistent initializer shapes)");
            }

            bias = Enumerable.Range(0, units).Select(u => beta * (scalar ? values[0] : values[u])).ToArray();
        }

        var spec = new DenseSpec(NodeLabel(node), units, ConvGen.Activation.None, bias is not null);
        (PendingLayer layer, TensorValue output) = AddLayer(node, spec, new[] { x });
        layer.Weights["kernel"] = WeightLayouts.DenseKernel(Floats(b), inputs, units, transposed, alpha, x.FlattenedFrom);
        if (bias is not null)
        {
            layer.Weights["bias"] = bias;
        }

        Define(node, output);
    }

    /// <summary>MatMul by a constant [inputs, units] is a Dense layer without bias, which an Add of a constant right after supplies.</summary>
    private void MatMul(NodeProto node)
    {
        Attributes(node);
        TensorValue x = Features(node);
        TensorProto b = Constant(node, 1, "weight B")!;
        int inputs = x.Shape.Channels;
        int units = DenseUnits(b, inputs, transposed: false);
        (PendingLayer layer, TensorValue output) = AddLayer(node, new DenseSpec(NodeLabel(node), units, ConvGen.Activation.None, false), new[] { x });
        layer.Weights["kernel"] = WeightLayouts.DenseKernel(Floats(b), inputs, units, false, 1f, x.FlattenedFrom);
        layer.AwaitsBias = true;
        Define(node, output);
    }

    /// <summary>The Add of a constant vector to a MatMul's output: that Dense layer's bias.</summary>
    private void AddBias(NodeProto node, TensorValue x, TensorProto c)
    {
        PendingLayer? layer = x.Layer >= 0 ? _layers[x.Layer] : null;
        if (layer is null || !layer.AwaitsBias || Readers(node.Input[0] == c.Name ? node.Input[1] : node.Input[0]) != 1)
        {
            throw FailNode($"it adds the constant '{c.Name}' {OnnxTensors.Shape(c)} to a run-time tensor; ConvGen imports Add of a constant only as the bias of the MatMul right before it");
        }

        var spec = (DenseSpec)layer.Spec;
        long[] cd = Dims(c);
        if (!((cd.Length == 1 && cd[0] == spec.Units) || (cd.Length == 2 && cd[0] == 1 && cd[1] == spec.Units)))
        {
            throw FailNode($"its bias '{c.Name}' has shape {OnnxTensors.Shape(c)}; {spec.Units} values were expected (inconsistent initializer shapes)");
        }

        layer.Weights["bias"] = Floats(c);
        layer.Spec = spec with { UseBias = true };
        layer.AwaitsBias = false;
        layer.Sources.Add($"{NodeLabel(node)} (Add)");
        Define(node, new TensorValue { Layer = x.Layer, Shape = x.Shape, Dims = x.Dims, Root = Root(node.Output[0]) });
    }

    private TensorValue Features(NodeProto node)
    {
        TensorValue x = Tensor(node, 0);
        if (!x.Shape.IsFlat || x.Dims.Count != 1)
        {
            throw FailNode($"its input is N x {string.Join(" x ", x.Dims)}; ConvGen's Dense layer reads [batch, features] (Flatten first)");
        }

        return x;
    }

    private int DenseUnits(TensorProto b, int inputs, bool transposed)
    {
        long[] bd = Dims(b);
        if (bd.Length != 2 || bd[transposed ? 1 : 0] != inputs)
        {
            string expected = transposed ? $"[units, {inputs}]" : $"[{inputs}, units]";
            throw FailNode($"its weight B '{b.Name}' has shape {OnnxTensors.Shape(b)}; {expected} was expected for {inputs} input features (inconsistent initializer shapes)");
        }

        return (int)bd[transposed ? 0 : 1];
    }
}
