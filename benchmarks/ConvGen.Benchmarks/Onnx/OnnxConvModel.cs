using System;
using System.IO;
using System.Text;

namespace ConvGen.Benchmarks.Onnx;

/// <summary>
/// Writes a one-node ONNX model (opset 13): <c>Y = Conv(X, W, B)</c> with 'same' padding, for a shape in NCHW. The
/// protobuf is encoded by hand (a few fields of ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto), so
/// no .proto compiler or model file is needed.
/// </summary>
internal static class OnnxConvModel
{
    private const int FloatType = 1;

    public static byte[] Build(BenchmarkShape s, float[] weightsOihw, float[] bias)
    {
        int groups = s.Depthwise ? s.Channels : 1;
        int inPerGroup = s.Channels / groups;
        int pad = (s.KernelSize - 1) / 2;
        var node = new Proto();
        node.String(1, "X").String(1, "W").String(1, "B").String(2, "Y").String(3, "conv").String(4, "Conv");
        node.Message(5, Attribute("kernel_shape", s.KernelSize, s.KernelSize));
        node.Message(5, Attribute("pads", pad, pad, pad, pad));
        node.Message(5, Attribute("strides", 1, 1));
        node.Message(5, Attribute("dilations", 1, 1));
        node.Message(5, IntAttribute("group", groups));

        var graph = new Proto();
        graph.Message(1, node).String(2, "conv_" + s.Name);
        graph.Message(5, Tensor("W", weightsOihw, s.Filters, inPerGroup, s.KernelSize, s.KernelSize));
        graph.Message(5, Tensor("B", bias, s.Filters));
        graph.Message(11, ValueInfo("X", s.Batch, s.Channels, s.Height, s.Width));
        graph.Message(12, ValueInfo("Y", s.Batch, s.Filters, s.Height, s.Width));

        var model = new Proto();
        model.Varint(1, 8).String(2, "ConvGen.Benchmarks");
        model.Message(7, graph);
        model.Message(8, new Proto().String(1, string.Empty).Varint(2, 13));
        return model.ToArray();
    }

    private static Proto Attribute(string name, params int[] values)
    {
        var a = new Proto().String(1, name);
        foreach (int v in values)
        {
            a.Varint(8, v);
        }

        return a.Varint(20, 7); // INTS
    }

    private static Proto IntAttribute(string name, int value) => new Proto().String(1, name).Varint(3, value).Varint(20, 2); // INT

    private static Proto Tensor(string name, float[] values, params int[] dims)
    {
        var t = new Proto();
        foreach (int d in dims)
        {
            t.Varint(1, d);
        }

        t.Varint(2, FloatType).String(8, name);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return t.Bytes(9, raw);
    }

    private static Proto ValueInfo(string name, params int[] dims)
    {
        var shape = new Proto();
        foreach (int d in dims)
        {
            shape.Message(1, new Proto().Varint(1, d));
        }

        var tensorType = new Proto().Varint(1, FloatType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>A protobuf message being written: fields appended in order.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Key(int field, int wireType) => Raw((ulong)(field << 3 | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
