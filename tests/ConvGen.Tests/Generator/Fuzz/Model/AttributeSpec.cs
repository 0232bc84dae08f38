using System.Collections.Immutable;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>
/// One attribute application, e.g. <c>[Conv2D(16, 3, Padding = Padding.Same)]</c>: its kind (the attribute's name
/// without the suffix), its arguments in source order and how the attribute's name is spelled.
/// </summary>
internal sealed record AttributeSpec(string Kind, ImmutableArray<ArgumentSpec> Arguments, int NameStyle = 0)
{
    public static AttributeSpec Of(string kind, params ArgumentSpec[] arguments) => new(kind, arguments.ToImmutableArray());

    public ArgumentSpec? Get(string name) => Arguments.FirstOrDefault(a => a.Name == name);

    public int Int(string name, int fallback) => Get(name) is { } a ? a.Int ?? fallback : fallback;

    public double Double(string name, double fallback) => Get(name) is { } a ? a.Double ?? fallback : fallback;

    public string? String(string name) => Get(name)?.String;

    /// <summary>Sets (or adds, as a property) an argument's value, keeping its spelling style.</summary>
    public AttributeSpec With(string name, string type, object? value, bool constructor = false)
    {
        int index = Arguments.IndexOf(Get(name)!);
        if (index >= 0)
        {
            return this with { Arguments = Arguments.SetItem(index, Arguments[index] with { Value = value, Type = type, RawSource = null, IsConstant = true }) };
        }

        return this with { Arguments = Arguments.Add(new ArgumentSpec(name, type, value, constructor)) };
    }

    /// <summary>Sets an argument to source that is not a constant of its type (<paramref name="value"/> null) or a raw spelling of a known value.</summary>
    public AttributeSpec WithRaw(string name, string type, string source, object? value = null, bool constructor = false)
    {
        int index = Arguments.IndexOf(Get(name)!);
        return index >= 0
            ? this with { Arguments = Arguments.SetItem(index, Arguments[index] with { RawSource = source, Value = value, IsConstant = value != null }) }
            : this with { Arguments = Arguments.Add(new ArgumentSpec(name, type, value, constructor, RawSource: source, IsConstant: value != null)) };
    }

    public AttributeSpec Without(string name) => this with { Arguments = Arguments.RemoveAll(a => a.Name == name) };

    /// <summary>Whether any argument is not a constant of its parameter's type.</summary>
    public bool HasNonConstantArgument => Arguments.Any(a => !a.IsConstant);
}
