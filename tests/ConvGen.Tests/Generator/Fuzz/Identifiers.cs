using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>C# identifiers as written and as the compiler sees them; the language's keywords.</summary>
internal static class Identifiers
{
    /// <summary>Every reserved keyword (<c>class</c>, <c>if</c> …): usable as names only as <c>@class</c>.</summary>
    public static IReadOnlyList<string> Reserved { get; } =
        SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText).Where(t => t.Length > 0 && char.IsLetter(t[0])).Distinct().OrderBy(t => t, System.StringComparer.Ordinal).ToArray();

    /// <summary>Contextual keywords (<c>var</c>, <c>nint</c>, <c>record</c> …): plain identifiers almost everywhere.</summary>
    public static IReadOnlyList<string> Contextual { get; } =
        SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText).Concat(new[] { "nint", "nuint", "dynamic", "var", "unmanaged", "notnull" })
            .Where(t => t.Length > 0 && char.IsLetter(t[0])).Distinct().OrderBy(t => t, System.StringComparer.Ordinal).ToArray();

    /// <summary>The name an identifier as written declares: <c>@class</c> → <c>class</c>, <c>N\u0065t</c> → <c>Net</c>.</summary>
    public static string ValueOf(string written) => SyntaxFactory.ParseToken(written).ValueText;

    /// <summary>Writes a name as an identifier: keywords get <c>@</c>.</summary>
    public static string Write(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
