using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Runs cases through the generator driver in batches: cases of the same language version and nullable context share
/// one compilation (each in its own files and namespace <c>Case{i}_</c>), so the runtime's references are bound
/// once per batch. Everything observed is attributed to its case — diagnostics by the file they point into, generated
/// files by the case's namespace in their hint name. When something cannot be attributed (an exception that dropped
/// the whole output, a diagnostic without location, a generated file shared by several cases), the batch's cases run
/// again one by one.
/// </summary>
internal static class FuzzRunner
{
    public const int BatchSize = 12;

    public static CaseObservation[] Run(IReadOnlyList<CaseSpec> cases, int threads)
    {
        var results = new CaseObservation[cases.Count];
        var batches = new List<List<int>>();
        foreach (var group in Enumerable.Range(0, cases.Count).GroupBy(i => (cases[i].Language, FuzzCompiler.Effective(cases[i].Language, cases[i].Nullable), cases[i].Isolated)))
        {
            var indices = group.ToList();
            int size = group.Key.Isolated ? 1 : BatchSize;
            for (int i = 0; i < indices.Count; i += size)
            {
                batches.Add(indices.GetRange(i, Math.Min(size, indices.Count - i)));
            }
        }

        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, batch =>
        {
            var observed = RunBatch(batch.Select(i => cases[i]).ToList());
            if (observed is null)
            {
                foreach (int i in batch)
                {
                    results[i] = RunBatch(new List<CaseSpec> { cases[i] })![0];
                }
            }
            else
            {
                for (int k = 0; k < batch.Count; k++)
                {
                    results[batch[k]] = observed[k];
                }
            }
        });
        return results;
    }

    public static CaseObservation RunOne(CaseSpec spec) => RunBatch(new List<CaseSpec> { spec })![0];

    /// <summary>Runs the cases in one compilation; null when some observation cannot be attributed (then they run alone).</summary>
    private static CaseObservation[]? RunBatch(List<CaseSpec> cases)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        bool single = cases.Count == 1;
        LanguageVersion language = cases[0].Language;
        CSharpParseOptions parse = FuzzCompiler.ParseOptions(language);
        var observations = cases.Select(c => new CaseObservation(c, SourceRenderer.Render(c))).ToArray();
        var byRoot = observations.ToDictionary(o => o.Spec.Root, StringComparer.Ordinal);
        var trees = observations.SelectMany(o => o.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path, Encoding.UTF8))).ToList();
        CSharpCompilation compilation = FuzzCompiler.BaseCompilation(language, cases[0].Nullable).AddSyntaxTrees(trees);

        CaseObservation? OwnerOfPath(string path)
        {
            int slash = path.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 && byRoot.TryGetValue(path.Substring(0, slash), out CaseObservation? o) ? o : null;
        }

        CaseObservation? OwnerOfHint(string hint)
        {
            var owners = observations.Where(o => hint.Contains(o.Spec.Root, StringComparison.Ordinal)).ToList();
            return owners.Count == 1 ? owners[0] : single ? observations[0] : null;
        }

        var baselineKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (Diagnostic d in compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            CaseObservation? owner = d.Location.IsInSource ? OwnerOfPath(d.Location.SourceTree!.FilePath) : single ? observations[0] : null;
            if (owner is null)
            {
                return null;
            }

            owner.Baseline.Add(d);
            baselineKeys.Add(Key(d));
        }

        GeneratorRunResult result = FuzzCompiler.RunGenerator(compilation, parse, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        if (result.Exception != null || driverDiagnostics.Any(d => d.Id != null && !d.Id.StartsWith("CG", StringComparison.Ordinal)))
        {
            if (!single)
            {
                return null;
            }

            if (result.Exception != null)
            {
                observations[0].Crashes.Add($"{result.Exception.GetType().Name}: {FirstLine(result.Exception.Message)}");
            }

            foreach (Diagnostic d in driverDiagnostics.Where(d => !d.Id.StartsWith("CG", StringComparison.Ordinal)))
            {
                observations[0].Crashes.Add($"{d.Id}: {FirstLine(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))}");
            }
        }

        foreach (Diagnostic d in result.Diagnostics.Where(d => d.Id.StartsWith("CG", StringComparison.Ordinal)))
        {
            // The generator reports file locations (path and span, as an incremental generator must), not tree locations.
            string? path = d.Location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile ? d.Location.GetLineSpan().Path : null;
            CaseObservation? owner = path != null ? OwnerOfPath(path) ?? (single ? observations[0] : null) : single ? observations[0] : null;
            if (owner is null)
            {
                return null;
            }

            owner.Generator.Add(d);
        }

        var generatedTrees = new HashSet<SyntaxTree>();
        foreach (GeneratedSourceResult source in result.GeneratedSources)
        {
            generatedTrees.Add(source.SyntaxTree);
            CaseObservation? owner = OwnerOfHint(source.HintName);
            if (owner != null)
            {
                owner.GeneratedTrees[source.SyntaxTree] = source.HintName;
                owner.GeneratedCharacters += source.SourceText.Length;
            }
        }

        if (result.GeneratedSources.Length > 0)
        {
            foreach (Diagnostic d in output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
            {
                CaseObservation? owner = null;
                if (d.Location.IsInSource && generatedTrees.Contains(d.Location.SourceTree!))
                {
                    owner = observations.FirstOrDefault(o => o.GeneratedTrees.ContainsKey(d.Location.SourceTree!));
                }
                else if (d.Location.IsInSource)
                {
                    owner = OwnerOfPath(d.Location.SourceTree!.FilePath);
                }
                else if (single)
                {
                    owner = observations[0];
                }

                if (owner is null)
                {
                    return null;
                }

                if (!baselineKeys.Contains(Key(d)))
                {
                    owner.Compiler.Add(d);
                }
            }
        }

        foreach (CaseObservation o in observations)
        {
            FindTargets(o, output, trees.Where(t => OwnerOfPath(t.FilePath) == o), generatedTrees);
        }

        // The batch's time, shared in proportion to each case's generated code (what compiling costs).
        long total = observations.Sum(o => o.GeneratedCharacters + 2000);
        foreach (CaseObservation o in observations)
        {
            o.Seconds = watch.Elapsed.TotalSeconds * (o.GeneratedCharacters + 2000) / total;
        }

        return observations;
    }

    private static void FindTargets(CaseObservation o, Compilation output, IEnumerable<SyntaxTree> trees, HashSet<SyntaxTree> generated)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = output.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type || !seen.Add(type))
                {
                    continue;
                }

                bool targeted = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "ConvGen.ConvNetAttribute" or "ConvGen.Conv2DKernelAttribute" or "ConvGen.DepthwiseConv2DKernelAttribute");
                if (targeted)
                {
                    o.Targets.Add(new TargetClass(type.ToDisplayString(), type.DeclaringSyntaxReferences.Any(r => generated.Contains(r.SyntaxTree)), FullName(type)));
                }
            }
        }
    }

    private static string FullName(ISymbol symbol)
    {
        var parts = new List<string>();
        for (ISymbol? s = symbol; s != null && !(s is INamespaceSymbol { IsGlobalNamespace: true }); s = s.ContainingSymbol)
        {
            parts.Insert(0, s.Name);
        }

        return string.Join(".", parts);
    }

    private static string Key(Diagnostic d) => $"{d.Id}|{d.Location.SourceTree?.FilePath}|{d.Location.SourceSpan}";

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
    }
}
