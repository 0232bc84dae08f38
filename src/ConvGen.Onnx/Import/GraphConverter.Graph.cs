using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>Merges (Add, Concat), what inference drops (Dropout, Identity), and constants.</summary>
internal sealed partial class GraphConverter
{
    /// <summary>Add of two run-time tensors of one shape is a residual merge; of a constant, a MatMul's bias.</summary>
    private void Add(NodeProto node)
    {
        Attributes(node);
        if (node.Input.Count != 2)
        {
            throw FailNode($"it has {node.Input.Count} inputs; Add takes two");
        }

        Value left = Lookup(node.Input[0]), right = Lookup(node.Input[1]);
        if (left is ConstantValue && right is ConstantValue)
        {
            throw FailNode("it adds two constants; ConvGen imports computations on the image");
        }

        if (left is ConstantValue || right is ConstantValue)
        {
            TensorValue x = Tensor(node, left is ConstantValue ? 1 : 0);
            AddBias(node, x, left is ConstantValue c ? c.Tensor : ((ConstantValue)right).Tensor);
            return;
        }

        TensorValue a = Tensor(node, 0), b = Tensor(node, 1);
        if (!a.Dims.SequenceEqual(b.Dims) || a.Shape != b.Shape)
        {
            throw FailNode($"it adds N x {string.Join(" x ", a.Dims)} and N x {string.Join(" x ", b.Dims)}; ConvGen's Add merges tensors of one shape (no broadcasting)");
        }

        if (a.FlattenedFrom is not null || b.FlattenedFrom is not null)
        {
            throw FailNode("it adds features flattened from images; ConvGen's Add merges images or Dense outputs");
        }

        (_, TensorValue output) = AddLayer(node, new AddSpec(NodeLabel(node), ConvGen.Activation.None), new[] { a, b }, a.Dims);
        Define(node, output);
    }

    private void Concat(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "axis");
        if (!a.Has("axis"))
        {
            throw FailNode("it has no axis");
        }

        TensorValue[] inputs = Enumerable.Range(0, node.Input.Count).Select(i => Tensor(node, i)).ToArray();
        if (inputs.Length == 0)
        {
            throw FailNode("it has no inputs");
        }

        int rank = inputs[0].Dims.Count + 1;
        long axis = a.Int("axis", 1);
        long normalized = axis < 0 ? axis + rank : axis;
        if (rank != 4 || normalized != 1 || inputs.Any(i => i.Shape.IsFlat))
        {
            throw FailNode($"it concatenates rank-{rank} tensors along axis {axis}; ConvGen's Concatenate joins N x C x H x W images along the channels (axis 1)");
        }

        if (inputs.Length == 1)
        {
            Define(node, new TensorValue { Layer = inputs[0].Layer, Shape = inputs[0].Shape, Dims = inputs[0].Dims, Root = Root(node.Output[0]) });
            return;
        }

        (_, TensorValue output) = AddLayer(node, new ConcatenateSpec(NodeLabel(node)), inputs);
        Define(node, output);
    }

    /// <summary>Dropout is the identity at inference; its mask must be unused, and training_mode (opset 12+) absent or false.</summary>
    private void Dropout(NodeProto node)
    {
        NodeAttributes a = Opset < 12 ? Attributes(node, "ratio") : Attributes(node, "seed");
        OnlyFirstOutput(node, "the dropout mask");
        if (Opset >= 12)
        {
            if (Constant(node, 1, "ratio", optional: true) is TensorProto ratio)
            {
                ScalarOf(Floats(ratio), "ratio");
            }

            if (Constant(node, 2, "training_mode", optional: true) is TensorProto mode && Integers(BooleanAsInteger(mode)).Any(v => v != 0))
            {
                throw FailNode("training_mode is true, so it drops values at inference; ConvGen imports inference graphs");
            }
        }
        else
        {
            a.Float("ratio", 0.5f);
        }

        PassThrough(node);
    }

    private void Identity(NodeProto node)
    {
        Attributes(node);
        PassThrough(node);
    }

    private void PassThrough(NodeProto node)
    {
        Value x = Lookup(node.Input.Count > 0 ? node.Input[0] : throw FailNode("it has no input"));
        Define(node, x is TensorValue t
            ? new TensorValue { Layer = t.Layer, Shape = t.Shape, Dims = t.Dims, Root = t.Root, FlattenedFrom = t.FlattenedFrom, PendingPads = t.PendingPads, PaddedBy = t.PaddedBy }
            : x);
    }

    /// <summary>A Constant node's value (a tensor, or value_float(s)/value_int(s) from opset 12).</summary>
    private void Constant(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "value", "value_float", "value_floats", "value_int", "value_ints", "sparse_value", "value_string", "value_strings");
        AttributeProto? value = a.Single("value", "value_float", "value_floats", "value_int", "value_ints", "sparse_value", "value_string", "value_strings")
            ?? throw FailNode("it has no value");
        var t = new TensorProto { Name = node.Output.Count > 0 ? node.Output[0] : string.Empty };
        switch (value.Name)
        {
            case "value":
                t = value.T.Clone();
                t.Name = node.Output[0];
                break;
            case "value_float":
                t.DataType = (int)TensorProto.Types.DataType.Float;
                t.FloatData.Add(value.F);
                break;
            case "value_floats":
                t.DataType = (int)TensorProto.Types.DataType.Float;
                t.Dims.Add(value.Floats.Count);
                t.FloatData.AddRange(value.Floats);
                break;
            case "value_int":
                t.DataType = (int)TensorProto.Types.DataType.Int64;
                t.Int64Data.Add(value.I);
                break;
            case "value_ints":
                t.DataType = (int)TensorProto.Types.DataType.Int64;
                t.Dims.Add(value.Ints.Count);
                t.Int64Data.AddRange(value.Ints);
                break;
            default:
                throw FailNode($"its value is a {value.Name.Replace("value_", string.Empty, System.StringComparison.Ordinal)}; ConvGen reads numeric constants");
        }

        Define(node, new ConstantValue(t));
    }

    /// <summary>A bool tensor's bytes read as integers (ONNX stores bool in int32_data or one byte each in raw_data).</summary>
    private static TensorProto BooleanAsInteger(TensorProto t)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Bool)
        {
            return t;
        }

        var copy = new TensorProto { Name = t.Name, DataType = (int)TensorProto.Types.DataType.Int32 };
        copy.Dims.AddRange(t.Dims);
        if (t.HasRawData)
        {
            copy.Int32Data.AddRange(t.RawData.ToByteArray().Select(v => (int)v));
        }
        else
        {
            copy.Int32Data.AddRange(t.Int32Data);
        }

        return copy;
    }
}
