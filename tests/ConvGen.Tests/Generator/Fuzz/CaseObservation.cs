using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// A class of a case that carries [ConvNet] or a kernel attribute, and whether the generator added a part to it.
/// <see cref="FullName"/> is its name and its namespaces' and containing types' as the compiler sees them (no
/// <c>@</c>, escapes resolved), dot-separated: what <see cref="ClassSpec.FullName"/> gives for its spec.
/// </summary>
internal sealed record TargetClass(string Name, bool HasGeneratedPart, string FullName);

/// <summary>
/// Everything observed running one case: the user's code compiled alone (the baseline), the generator's exception and
/// diagnostics, the compiler's diagnostics on the user's code and on the generated files once the generator ran (those
/// the baseline already had removed), the targeted classes and the size of the generated code.
/// </summary>
internal sealed class CaseObservation
{
    public CaseObservation(CaseSpec spec, IReadOnlyList<RenderedFile> files)
    {
        Spec = spec;
        Files = files;
    }

    public CaseSpec Spec { get; }

    public IReadOnlyList<RenderedFile> Files { get; }

    /// <summary>The compiler's warnings and errors on the user's code without the generator.</summary>
    public List<Diagnostic> Baseline { get; } = new();

    /// <summary>The generator's diagnostics (CGxxxx).</summary>
    public List<Diagnostic> Generator { get; } = new();

    /// <summary>Generator exceptions and the driver's reports of them (CS8785).</summary>
    public List<string> Crashes { get; } = new();

    /// <summary>New compiler warnings and errors once the generated files are in, on user or generated code.</summary>
    public List<Diagnostic> Compiler { get; } = new();

    /// <summary>Paths of the generated files the case's diagnostics point into, with their hint names.</summary>
    public Dictionary<SyntaxTree, string> GeneratedTrees { get; } = new();

    public List<TargetClass> Targets { get; } = new();

    public long GeneratedCharacters { get; set; }

    /// <summary>An estimate of the time the case took (its batch's time shared by generated size).</summary>
    public double Seconds { get; set; }

    /// <summary>Whether a location points into one of the case's own files (a tree location or, as generators report, a file location).</summary>
    public bool InUserCode(Location location) =>
        location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile && location.GetLineSpan().Path.StartsWith(Spec.Root + "/", System.StringComparison.Ordinal);

    public bool BaselineHasErrors => Baseline.Any(d => d.Severity == DiagnosticSeverity.Error);
}
