using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>The ways a case can fail the oracle.</summary>
internal enum FailureKind
{
    /// <summary>The generator threw (CS8785: its whole output dropped).</summary>
    Crash,

    /// <summary>CG9999: the generator caught an exception of its own.</summary>
    InternalError,

    /// <summary>A compiler error located in generated code.</summary>
    GeneratedCodeError,

    /// <summary>A compiler warning located in generated code (an error under TreatWarningsAsErrors).</summary>
    GeneratedCodeWarning,

    /// <summary>A compiler warning or error in the user's code that appears only once the generated code is in.</summary>
    UserCodeDiagnostic,

    /// <summary>A ConvGen diagnostic without a location in the user's code.</summary>
    Unlocated,

    /// <summary>The same ConvGen diagnostic reported twice.</summary>
    Duplicate,

    /// <summary>A valid declaration got a ConvGen error or warning.</summary>
    ValidRejected,

    /// <summary>An invalid declaration got no ConvGen error.</summary>
    InvalidAccepted,

    /// <summary>An invalid declaration got a ConvGen error, but not one that names its fault.</summary>
    WrongDiagnostic,

    /// <summary>A class with ConvGen attributes got neither a generated part nor a diagnostic.</summary>
    Silent,

    /// <summary>
    /// A generated file's hint name longer than <see cref="FuzzOracle.MaxHintNameBytes"/> UTF-8 bytes: with
    /// <c>EmitCompilerGeneratedFiles</c> the compiler writes it to disk, where a file name is at most 255 bytes
    /// (Linux, macOS) and a path 260 characters (Windows without long paths).
    /// </summary>
    LongHintName,

    /// <summary>A layer's name does not reach generated code as a string of the same value (written unescaped, <c>a\b</c> became a backspace).</summary>
    NameAltered,

    /// <summary>The fuzzer's own mistake: the user code it wrote is not the C# it meant to write.</summary>
    HarnessError,
}

/// <summary>One failure of a case: its kind, a code (a diagnostic ID, an exception type) and what was seen.</summary>
internal sealed record Failure(FailureKind Kind, string Code, string Detail)
{
    public string Signature => $"{Kind} {Code}";
}

/// <summary>
/// The rules every case is held to: no exception, no CG9999, nothing reported in generated code, no new diagnostic
/// in the user's code, every ConvGen diagnostic located and reported once; a valid case gets no ConvGen error or
/// warning and its generated parts; an invalid one a specific ConvGen diagnostic naming its fault; an open choice
/// either. A case whose user code the C# compiler rejects on its own is held only to the never-throw and
/// nothing-in-generated-code rules.
/// </summary>
internal static class FuzzOracle
{
    /// <summary>The longest hint name (UTF-8 bytes) a generated file may have.</summary>
    public const int MaxHintNameBytes = 200;

    private static readonly Regex ExceptionType = new(@"(\w+Exception)", RegexOptions.CultureInvariant);

    public static List<Failure> Check(CaseObservation o, Verdict verdict)
    {
        var failures = new List<Failure>();
        foreach (string crash in o.Crashes)
        {
            Match m = ExceptionType.Match(crash);
            failures.Add(new Failure(FailureKind.Crash, m.Success ? m.Groups[1].Value : crash.Split(':')[0], crash));
        }

        foreach (Diagnostic d in o.Generator)
        {
            if (d.Id == "CG9999")
            {
                Match m = ExceptionType.Match(d.GetMessage(CultureInfo.InvariantCulture));
                failures.Add(new Failure(FailureKind.InternalError, m.Success ? m.Groups[1].Value : "CG9999", d.GetMessage(CultureInfo.InvariantCulture)));
            }
            else if (!o.InUserCode(d.Location) && d.Severity != DiagnosticSeverity.Hidden)
            {
                failures.Add(new Failure(FailureKind.Unlocated, d.Id, $"{d.Id} at {Where(d.Location)}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
            }
        }

        foreach (var duplicate in o.Generator.GroupBy(d => $"{d.Id}|{d.Location.GetLineSpan().Path}|{d.Location.SourceSpan}|{d.GetMessage(CultureInfo.InvariantCulture)}").Where(g => g.Count() > 1))
        {
            failures.Add(new Failure(FailureKind.Duplicate, duplicate.First().Id, $"{duplicate.Count()} x {duplicate.First().GetMessage(CultureInfo.InvariantCulture)}"));
        }

        // In generated code: the first error of each file (what follows is mostly its consequence), or, in a file
        // without errors, the first warning of each ID.
        var inGenerated = o.Compiler.Where(d => d.Location.IsInSource && o.GeneratedTrees.ContainsKey(d.Location.SourceTree!))
            .GroupBy(d => d.Location.SourceTree!)
            .SelectMany(file => file.Any(d => d.Severity == DiagnosticSeverity.Error)
                ? file.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.SourceSpan.Start).Take(1)
                : file.GroupBy(d => d.Id).Select(g => g.OrderBy(d => d.Location.SourceSpan.Start).First()))
            .ToHashSet();
        foreach (Diagnostic d in o.Compiler)
        {
            if (d.Location.IsInSource && o.GeneratedTrees.TryGetValue(d.Location.SourceTree!, out string? hint))
            {
                if (!inGenerated.Contains(d))
                {
                    continue;
                }

                string line = d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
                string detail = $"{hint}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}\n    generated line: {Cut(line, 240)}";
                failures.Add(new Failure(d.Severity == DiagnosticSeverity.Error ? FailureKind.GeneratedCodeError : FailureKind.GeneratedCodeWarning, d.Id, detail));
            }
            else
            {
                failures.Add(new Failure(FailureKind.UserCodeDiagnostic, d.Id, $"{Where(d.Location)}: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
            }
        }

        foreach (string hint in o.GeneratedTrees.Values.Where(h => System.Text.Encoding.UTF8.GetByteCount(h) > MaxHintNameBytes).Take(1))
        {
            failures.Add(new Failure(FailureKind.LongHintName, "HintName", $"hint name of {System.Text.Encoding.UTF8.GetByteCount(hint)} bytes: {hint.Substring(0, 60)}…"));
        }

        // Names are data: each explicit layer name must be a string literal of the same value somewhere in the
        // generated code (the runtime's layer table), unless the code is broken anyway.
        if (!o.BaselineHasErrors && o.GeneratedTrees.Count > 0 && !o.Compiler.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var literals = o.GeneratedTrees.Keys.SelectMany(t => t.GetRoot().DescendantTokens())
                .Where(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralToken) || t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.InterpolatedStringTextToken))
                .Select(t => t.ValueText).ToHashSet();
            foreach (string name in ExplicitLayerNames(o).Where(n => !literals.Contains(n)))
            {
                failures.Add(new Failure(FailureKind.NameAltered, "Name", $"layer name {SourceRenderer.Literal(name, escapeNonAscii: true)} is not a string literal of generated code"));
            }
        }

        bool rejected = o.BaselineHasErrors;
        if (rejected && o.Spec.Compiler == CompilerVerdict.Accepts)
        {
            Diagnostic first = o.Baseline.First(d => d.Severity == DiagnosticSeverity.Error);
            failures.Add(new Failure(FailureKind.HarnessError, first.Id, $"the fuzzer wrote invalid C#: {Where(first.Location)}: {first.GetMessage(CultureInfo.InvariantCulture)}"));
        }
        else if (!rejected && o.Spec.Compiler == CompilerVerdict.Rejects)
        {
            failures.Add(new Failure(FailureKind.HarnessError, "accepted", "the fuzzer meant to write code the C# compiler rejects, and it compiles"));
        }

        if (rejected)
        {
            return Distinct(failures);
        }

        var errors = o.Generator.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CG9999").ToList();
        var warnings = o.Generator.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        bool silent = o.Targets.Any(t => !t.HasGeneratedPart) && o.GeneratedTrees.Count == 0 && errors.Count == 0 && !o.Generator.Any(d => d.Id == "CG9999") && o.Crashes.Count == 0;
        switch (verdict.Expectation)
        {
            case Expectation.Valid:
                foreach (Diagnostic d in errors.Concat(warnings))
                {
                    failures.Add(new Failure(FailureKind.ValidRejected, d.Id, d.GetMessage(CultureInfo.InvariantCulture)));
                }

                if (silent)
                {
                    failures.Add(new Failure(FailureKind.Silent, "no-output", $"no generated part for {string.Join(", ", o.Targets.Where(t => !t.HasGeneratedPart).Select(t => t.Name))} and no diagnostic"));
                }

                break;
            case Expectation.Invalid:
                bool named = verdict.AnySpecific ? errors.Count > 0 || warnings.Any(d => verdict.ExpectedIds.Contains(d.Id))
                    : errors.Concat(warnings).Any(d => verdict.ExpectedIds.Contains(d.Id));
                if (!named && (errors.Count > 0 || warnings.Count > 0))
                {
                    failures.Add(new Failure(FailureKind.WrongDiagnostic, $"{string.Join("/", errors.Concat(warnings).Select(d => d.Id).Distinct())} for {string.Join("/", verdict.ExpectedIds)}",
                        string.Join(" | ", errors.Concat(warnings).Select(d => d.GetMessage(CultureInfo.InvariantCulture)))));
                }
                else if (!named && !o.Generator.Any(d => d.Id == "CG9999") && o.Crashes.Count == 0)
                {
                    failures.Add(new Failure(FailureKind.InvalidAccepted, verdict.ExpectedIds.Count > 0 ? string.Join("/", verdict.ExpectedIds) : "any", string.Join("; ", verdict.Reasons)));
                }

                break;
            default:
                if (errors.Count == 0)
                {
                    foreach (Diagnostic d in warnings)
                    {
                        failures.Add(new Failure(FailureKind.ValidRejected, d.Id, d.GetMessage(CultureInfo.InvariantCulture)));
                    }

                    if (silent)
                    {
                        failures.Add(new Failure(FailureKind.Silent, "no-output", $"no generated part for {string.Join(", ", o.Targets.Where(t => !t.HasGeneratedPart).Select(t => t.Name))} and no diagnostic"));
                    }
                }

                break;
        }

        return Distinct(failures);
    }

    // The names of the networks that got their generated part (a case with two classes may have one rejected, e.g. by
    // CG0022 for a primary constructor, beside one generated: the rejected one's names are in no generated code).
    private static IEnumerable<string> ExplicitLayerNames(CaseObservation o) =>
        o.Spec.Classes.Where(c => c.IsNetwork && c.TypeKeyword == "class" && o.Targets.Any(t => t.HasGeneratedPart && t.FullName == c.FullName))
            .SelectMany(c => c.AllAttributes)
            .Where(a => AttributeLanguage.IsLayerOrGraph(a.Kind))
            .Select(a => a.String("Name"))
            .Where(n => !string.IsNullOrEmpty(n))
            .Select(n => n!);

    /// <summary>One failure per signature (the first seen), so a kernel with 200 broken lines counts once.</summary>
    private static List<Failure> Distinct(List<Failure> failures) => failures.GroupBy(f => f.Signature).Select(g => g.First()).ToList();

    private static string Where(Location location) =>
        location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile
            ? $"{location.GetLineSpan().Path}({location.GetLineSpan().StartLinePosition.Line + 1},{location.GetLineSpan().StartLinePosition.Character + 1})"
            : "no location";

    private static string Cut(string text, int length) => text.Length <= length ? text : text.Substring(0, length) + " …";
}
