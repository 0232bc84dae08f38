using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Groups a run's failures into classes — the failure's kind and code with the case's cause tags (its hazards, faults
/// and structures) — and writes each with a minimal reproducer: the class's first case shrunk, its source, what was
/// observed and the known failure it matches. The test prints it for new classes; <c>CONVGEN_FUZZ_REPORT</c> writes
/// it for all.
/// </summary>
internal static class FuzzReport
{
    /// <summary>Tags that say what a case is about (as opposed to tags every case has).</summary>
    public static IEnumerable<string> CauseTags(Verdict verdict) => verdict.Tags.Where(t =>
        !(t.StartsWith("layer:", StringComparison.Ordinal) || t.StartsWith("size:small", StringComparison.Ordinal) || t.StartsWith("structure:concatenate", StringComparison.Ordinal)
          || t is "lang:latest" or "nullable:Enable" or "namespace:block" or "namespace:fileScoped" or "namespace:filescoped" or "namespace:nested" or "network" or "name:explicit"
               or "structure:add" or "structure:no-convolution" or "partial:parts" or "structure:bn-fold" or "kernel-class:conv" or "kernel-class:depthwise" or "network:static"
               or "size:large-input" or "size:large-weights" or "structure:residual-epilogue-activated" or "structure:folded-residual-activated"));

    public static string ClassKey(CaseOutcome outcome, Failure failure) =>
        $"{failure.Signature} [{string.Join(" ", CauseTags(outcome.Verdict))}]";

    /// <summary>One markdown section per failure class; shrinks each class's first case when <paramref name="shrink"/>.</summary>
    public static string Write(FuzzRun run, IEnumerable<(CaseOutcome Case, Failure Failure)> failures, bool shrink, int maxClasses = int.MaxValue)
    {
        var text = new StringBuilder();
        var classes = failures.GroupBy(f => ClassKey(f.Case, f.Failure)).OrderBy(g => g.First().Failure.Kind).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{classes.Count} failure classes in {run.Configuration} ({run.Outcomes.Count} cases, {run.Seconds:F0} s).");
        foreach (var group in classes.Take(maxClasses))
        {
            var (first, failure) = group.First();
            KnownFailure? known = KnownFailures.Match(first, failure);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {group.Key}: {group.Count()} case(s)");
            text.AppendLine(CultureInfo.InvariantCulture, $"- {(known is null ? "NEW (matches no known failure)" : $"known {known.Id} ({known.Issue}): {known.Summary}")}");
            text.AppendLine(CultureInfo.InvariantCulture, $"- cases: {string.Join(", ", group.Take(12).Select(g => "#" + g.Case.Spec.Index))}{(group.Count() > 12 ? " …" : string.Empty)}; first: {first.Spec.Scenario}; {first.Verdict}");
            CaseOutcome shown = first;
            Failure shownFailure = failure;
            if (shrink)
            {
                shown = Shrinker.Shrink(first, failure);
                shownFailure = shown.Failures.First(f => f.Kind == failure.Kind && f.Code == failure.Code);
                text.AppendLine(CultureInfo.InvariantCulture, $"- shrunk to: {shown.Verdict}");
            }

            text.AppendLine("- observed: " + shownFailure.Detail.Replace("\n", "\n  ", StringComparison.Ordinal));
            var inGenerated = shown.Observation.Compiler.Where(d => d.Location.IsInSource && shown.Observation.GeneratedTrees.ContainsKey(d.Location.SourceTree!)).GroupBy(d => d.Id).ToList();
            if (inGenerated.Count > 1)
            {
                text.AppendLine("- all diagnostics in generated code: " + string.Join(", ", inGenerated.Select(g => $"{g.Key} x{g.Count()}")));
            }

            foreach (var d in shown.Observation.Generator.Where(d => d.Id != "CG9999").Take(3))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- generator: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"- reproducer (language {shown.Spec.Language}, nullable {FuzzCompiler.Effective(shown.Spec.Language, shown.Spec.Nullable)}):");
            text.AppendLine("```csharp");
            text.AppendLine(SourceRenderer.RenderText(shown.Spec).TrimEnd());
            text.AppendLine("```");
        }

        return Printable(text.ToString());
    }

    public static void WriteFile(FuzzRun run, string path) =>
        File.WriteAllText(path, Write(run, run.Failures, shrink: run.Configuration.Shrink));

    /// <summary>Text safe to print: lone surrogates and control characters (other than line breaks) as \uXXXX.</summary>
    public static string Printable(string text)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                result.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\n' or '\r')) || c is '\u2028' or '\u2029' or '\u0085')
            {
                result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
