using System.Collections.Immutable;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>
/// A declared class (or record, struct …) carrying ConvGen attributes. <see cref="Name"/> is the identifier as written
/// (<c>@class</c>, <c>N\u0065t</c>); <see cref="Modifiers"/> come before <c>partial</c>; <see cref="Outer"/> nests it in
/// a class of that name; <see cref="PrimaryConstructor"/> is a parameter list such as <c>(int size)</c>.
/// </summary>
internal sealed record ClassSpec(
    string Name,
    NamespaceSpec Namespace,
    ImmutableArray<PartSpec> Parts,
    string TypeKeyword = "class",
    string Modifiers = "public",
    string? TypeParameters = null,
    string? Outer = null,
    string? BaseType = null,
    string? PrimaryConstructor = null)
{
    /// <summary>The name as the compiler sees it.</summary>
    public string SymbolName => Identifiers.ValueOf(Name);

    public ImmutableArray<AttributeSpec> AllAttributes => Parts.SelectMany(p => p.Attributes).ToImmutableArray();

    public bool Has(string kind) => Parts.Any(p => p.Attributes.Any(a => a.Kind == kind));

    public bool IsNetwork => Has("ConvNet");

    /// <summary>Namespace, containing class and name as the compiler sees them, dot-separated (as <see cref="ConvGen.Tests.Generator.Fuzz.TargetClass.FullName"/>).</summary>
    public string FullName => string.Join(".", Namespace.Parts.Select(Identifiers.ValueOf).Concat(Outer is null ? Enumerable.Empty<string>() : new[] { Outer }).Append(SymbolName));

    public bool IsStatic => Modifiers.Split(' ').Contains("static");

    /// <summary>The index of the part holding the layer attributes (the first part with one), or 0.</summary>
    public int LayerPart
    {
        get
        {
            for (int i = 0; i < Parts.Length; i++)
            {
                if (Parts[i].Attributes.Any(a => AttributeLanguage.IsLayerOrGraph(a.Kind)))
                {
                    return i;
                }
            }

            return 0;
        }
    }

    public ClassSpec WithPart(int index, PartSpec part) => this with { Parts = Parts.SetItem(index, part) };
}
