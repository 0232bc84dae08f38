using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>Whether a case is built to be rejected by the C# compiler itself (not only by ConvGen).</summary>
internal enum CompilerVerdict
{
    /// <summary>The user's code is valid C#: a compiler error in it is a bug of the fuzzer.</summary>
    Accepts,

    /// <summary>The user's code is invalid C# (a duplicate attribute, a non-constant argument …): only the never-throw rules apply.</summary>
    Rejects,

    /// <summary>Depends on the language version or compiler: either is fine.</summary>
    Either,
}

/// <summary>
/// One fuzz case: the classes (usually one; two for case collisions), the user declarations around them, global
/// usings, the language version and nullable context of the compilation, and the scenario that built it.
/// </summary>
internal sealed record CaseSpec(
    int Index,
    string Scenario,
    ImmutableArray<ClassSpec> Classes,
    LanguageVersion Language = LanguageVersion.Latest,
    NullableContextOptions Nullable = NullableContextOptions.Enable,
    ImmutableArray<ScopeDeclaration> Scope = default,
    ImmutableArray<string> GlobalUsings = default,
    CompilerVerdict Compiler = CompilerVerdict.Accepts)
{
    public ImmutableArray<ScopeDeclaration> ScopeOrEmpty => Scope.IsDefault ? ImmutableArray<ScopeDeclaration>.Empty : Scope;

    public ImmutableArray<string> GlobalUsingsOrEmpty => GlobalUsings.IsDefault ? ImmutableArray<string>.Empty : GlobalUsings;

    /// <summary>The namespace every class of the case starts with (unique per case, so a batch can share one compilation).</summary>
    public string Root => RootOf(Index);

    public static string RootOf(int index) => $"Case{index}_";

    /// <summary>
    /// A case that changes what every file sees (global usings, global types, the global namespace) or declares
    /// several classes (collisions by design) gets a compilation of its own.
    /// </summary>
    public bool Isolated =>
        !GlobalUsingsOrEmpty.IsEmpty
        || ScopeOrEmpty.Any(s => s.Placement == ScopePlacement.Global)
        || Classes.Length > 1
        || Classes.Any(c => c.Namespace.IsGlobal || c.Namespace.Parts[0] != Root);

    public ClassSpec Main => Classes[0];

    public CaseSpec WithClass(int index, ClassSpec spec) => this with { Classes = Classes.SetItem(index, spec) };
}
