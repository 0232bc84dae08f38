using System.Linq;
using System.Text;
using ConvGen.Tests.Generator.Fuzz.Model;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// The generator fuzz test (issue 21): seeded declarations — valid by construction, with one deliberate fault, or
/// stressing names, scopes, namespaces, partial declarations and language versions — run through the generator
/// driver and held to the oracle's rules. The quick configuration (500 cases) runs here; the long one is
/// <c>CONVGEN_FUZZ_COUNT=10000 dotnet test tests/ConvGen.Tests -c Release --filter FullyQualifiedName~GeneratorFuzzTests</c>.
/// Today's generator fails in the classes of <see cref="KnownFailures"/>: the test fails on any other failure
/// (printing shrunk reproducers) and on a catalogued class that no longer occurs.
/// </summary>
public class GeneratorFuzzTests
{
    private readonly ITestOutputHelper _output;

    public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void FuzzedDeclarationsFailOnlyInCataloguedWays()
    {
        FuzzConfiguration configuration = FuzzConfiguration.FromEnvironment();
        FuzzRun run = FuzzRun.Execute(configuration);
        var failures = run.Failures.ToList();
        var unknown = failures.Where(f => KnownFailures.Match(f.Case, f.Failure) is null).ToList();
        var vanished = configuration.CoversPrelude
            ? KnownFailures.All.Where(k => !failures.Any(f => k.Matches(f.Case, f.Failure))).ToList()
            : new();

        _output.WriteLine($"{configuration}: {run.Outcomes.Count} cases ({string.Join(", ", run.Outcomes.GroupBy(o => o.Verdict.Expectation).Select(g => $"{g.Count()} {g.Key}"))}) in {run.Seconds:F1} s; " +
            $"{run.Outcomes.Count(o => o.Failures.Count > 0)} failing, {failures.Count - unknown.Count} failures in {KnownFailures.All.Count - vanished.Count} known classes, {unknown.Count} new");
        foreach (var known in KnownFailures.All)
        {
            _output.WriteLine($"  {known.Id}: {failures.Count(f => known.Matches(f.Case, f.Failure))} ({known.Issue})");
        }

        if (configuration.ReportPath is string path)
        {
            FuzzReport.WriteFile(run, path);
            _output.WriteLine("report: " + path);
        }

        var message = new StringBuilder();
        if (unknown.Count > 0)
        {
            message.AppendLine($"{unknown.Count} failure(s) match no entry of KnownFailures (a new class of failure; reproduce one with {configuration} or the case number shown):");
            message.AppendLine(FuzzReport.Write(run, unknown, shrink: configuration.Shrink, maxClasses: 5));
        }

        if (vanished.Count > 0)
        {
            message.AppendLine("Catalogued failure classes that no longer occur (fixed? delete them from KnownFailures): " + string.Join(", ", vanished.Select(k => $"{k.Id} ({k.Issue})")));
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    [Fact]
    public void ACaseIsTheSameForTheSameSeedAndNumber()
    {
        foreach (int index in new[] { 0, 7, CaseGenerator.PreludeLength - 1, CaseGenerator.PreludeLength + 3, 4321 })
        {
            string first = SourceRenderer.RenderText(CaseGenerator.Case(FuzzConfiguration.DefaultSeed, index));
            Assert.Equal(first, SourceRenderer.RenderText(CaseGenerator.Case(FuzzConfiguration.DefaultSeed, index)));
        }

        Assert.NotEqual(
            SourceRenderer.RenderText(CaseGenerator.Case(1, CaseGenerator.PreludeLength + 10)),
            SourceRenderer.RenderText(CaseGenerator.Case(2, CaseGenerator.PreludeLength + 10)));
    }

    /// <summary>
    /// Seed 21, case 1239 once declared a user type <c>Avx2Kernel</c> (scope-type hazard) beside a kernel class a later
    /// hazard named <c>Avx2Kernel</c>: the user's own CS0101, reported as the generator's failure. No case may declare
    /// a scope type its own classes declare in the same namespace.
    /// </summary>
    [Fact]
    public void NoCaseDeclaresAScopeTypeItsOwnClassesDeclare()
    {
        foreach (int index in Enumerable.Range(0, 3000).Append(1239))
        {
            CaseSpec spec = CaseGenerator.Case(FuzzConfiguration.DefaultSeed, index);
            var declared = spec.Classes.Select(c => (c.Namespace.Name, c.Outer ?? c.SymbolName)).ToHashSet();
            foreach (ScopeDeclaration scope in spec.ScopeOrEmpty)
            {
                string ns = scope.Placement == ScopePlacement.Global ? string.Empty : spec.Main.Namespace.Name;
                Assert.False(declared.Contains((ns, SourceRenderer.ScopeName(scope))), $"case {index}: '{scope.Source}' beside a class of that name");
            }
        }
    }

    /// <summary>
    /// Seed 21, case 7953 once gave a kernel class <c>public static string Describe()</c> (members hazard) and then made
    /// it a network (modifiers hazard): the member hid <c>Network.Describe()</c>, the user's own CS0108. No network that
    /// is not static keeps that member.
    /// </summary>
    [Fact]
    public void NoNetworkHidesNetworkDescribe()
    {
        foreach (int index in Enumerable.Range(CaseGenerator.PreludeLength, 3000).Append(7953))
        {
            CaseSpec spec = CaseGenerator.Case(FuzzConfiguration.DefaultSeed, index);
            bool hides = spec.Main.IsNetwork && !spec.Main.IsStatic && spec.Main.Parts.Any(p => p.Members.Contains("static string Describe()", System.StringComparison.Ordinal));
            Assert.False(hides, $"case {index}: a network declares a static Describe()");
        }
    }

    [Fact]
    public void ThePreludeCoversEveryVariantOfEveryScenario()
    {
        var scenarios = Structures.All.Concat(Hazards.All).Concat(Faults.All).ToList();
        Assert.Equal(scenarios.Sum(s => s.Variants), CaseGenerator.PreludeLength);
        var names = Enumerable.Range(0, CaseGenerator.PreludeLength).Select(i => CaseGenerator.Case(FuzzConfiguration.DefaultSeed, i).Scenario).ToHashSet();
        foreach (Scenario scenario in scenarios)
        {
            for (int v = 0; v < scenario.Variants; v++)
            {
                Assert.Contains($"prelude {scenario.Name} #{v}", names);
            }
        }

        Assert.True(FuzzConfiguration.DefaultCount >= 500 && FuzzConfiguration.DefaultCount >= CaseGenerator.PreludeLength);
    }
}
