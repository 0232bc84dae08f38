using System.Collections.Generic;
using System.Linq;
using ConvGen.Onnx.Protobuf;
using Google.Protobuf;

namespace ConvGen.Onnx;

/// <summary>A node attribute for <see cref="OnnxModelBuilder"/>: an int, ints, a float or a string.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto)
    {
        Proto = proto;
    }

    /// <summary>The attribute's name.</summary>
    public string Name => Proto.Name;

    internal AttributeProto Proto { get; }

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return new OnnxAttribute(a);
    }

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params int[] values) => Ints(name, values.Select(v => (long)v));

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A STRING attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
}
