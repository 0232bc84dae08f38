using System.Collections.Immutable;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>How a namespace is declared.</summary>
internal enum NamespaceStyle
{
    /// <summary><c>namespace A.B { … }</c>.</summary>
    Block,

    /// <summary><c>namespace A.B;</c> (C# 10).</summary>
    FileScoped,

    /// <summary><c>namespace A { namespace B { … } }</c>.</summary>
    Nested,
}

/// <summary>Where a class is declared: its namespace's parts as written (e.g. <c>@if</c>); none is the global namespace.</summary>
internal sealed record NamespaceSpec(ImmutableArray<string> Parts, NamespaceStyle Style)
{
    public static NamespaceSpec Global { get; } = new(ImmutableArray<string>.Empty, NamespaceStyle.Block);

    public bool IsGlobal => Parts.IsEmpty;

    /// <summary>The name as written, e.g. <c>Case3_.@if</c>.</summary>
    public string Written => string.Join(".", Parts);

    /// <summary>The name as the compiler sees it (verbatim <c>@</c> removed), e.g. <c>Case3_.if</c>.</summary>
    public string Name => string.Join(".", Parts.Select(Identifiers.ValueOf));
}
