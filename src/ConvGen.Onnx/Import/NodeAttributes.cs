using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>
/// A node's attributes, read by name and type with ONNX's defaults. An attribute the operator (at the model's
/// opset) does not define, or one of the wrong type, is an error naming it: the importer never guesses.
/// </summary>
internal sealed class NodeAttributes
{
    private readonly Dictionary<string, AttributeProto> _byName = new(StringComparer.Ordinal);
    private readonly Func<string, Exception> _fail;

    public NodeAttributes(NodeProto node, IEnumerable<string> known, Func<string, Exception> fail)
    {
        _fail = fail;
        var allowed = new HashSet<string>(known, StringComparer.Ordinal);
        foreach (AttributeProto a in node.Attribute)
        {
            if (!allowed.Contains(a.Name))
            {
                throw fail($"attribute '{a.Name}' is not one ConvGen reads for {node.OpType} (it reads {(allowed.Count == 0 ? "none" : string.Join(", ", allowed.OrderBy(n => n, StringComparer.Ordinal)))})");
            }

            if (a.RefAttrName.Length > 0)
            {
                throw fail($"attribute '{a.Name}' refers to a function attribute ('{a.RefAttrName}')");
            }

            if (!_byName.TryAdd(a.Name, a))
            {
                throw fail($"attribute '{a.Name}' is given twice");
            }
        }
    }

    public bool Has(string name) => _byName.ContainsKey(name);

    public long Int(string name, long fallback) =>
        Get(name, AttributeProto.Types.AttributeType.Int) is { } a ? a.I : fallback;

    public float Float(string name, float fallback) =>
        Get(name, AttributeProto.Types.AttributeType.Float) is { } a ? a.F : fallback;

    public string String(string name, string fallback) =>
        Get(name, AttributeProto.Types.AttributeType.String) is { } a ? a.S.ToStringUtf8() : fallback;

    public long[]? Ints(string name) =>
        Get(name, AttributeProto.Types.AttributeType.Ints) is { } a ? a.Ints.ToArray() : null;

    public TensorProto? Tensor(string name) =>
        Get(name, AttributeProto.Types.AttributeType.Tensor) is { } a ? a.T : null;

    public float[]? Floats(string name) =>
        Get(name, AttributeProto.Types.AttributeType.Floats) is { } a ? a.Floats.ToArray() : null;

    /// <summary>The only attribute present among <paramref name="names"/>, or null (e.g. Constant's value forms).</summary>
    public AttributeProto? Single(params string[] names)
    {
        AttributeProto[] present = names.Where(_byName.ContainsKey).Select(n => _byName[n]).ToArray();
        if (present.Length > 1)
        {
            throw _fail($"attributes {string.Join(" and ", present.Select(a => a.Name))} exclude each other");
        }

        return present.Length == 1 ? present[0] : null;
    }

    private AttributeProto? Get(string name, AttributeProto.Types.AttributeType type)
    {
        if (!_byName.TryGetValue(name, out AttributeProto? a))
        {
            return null;
        }

        // Old exporters leave 'type' unset (UNDEFINED); trust the field that is filled then.
        if (a.Type != type && a.Type != AttributeProto.Types.AttributeType.Undefined)
        {
            throw _fail($"attribute '{name}' is {a.Type.ToString().ToUpperInvariant()}, not {type.ToString().ToUpperInvariant()}");
        }

        return a;
    }

    public static string Format(IEnumerable<long> values) => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
