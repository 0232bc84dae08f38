using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Makes case number <c>i</c> of a run from the run's seed. The first cases (the prelude) take every variant of every
/// structure, hazard and fault once, each on a tiny valid network, so every configuration — even the quick one —
/// covers the whole catalogue; the rest combine a random valid declaration with, sometimes, a fault and one or two
/// hazards, and sometimes a language version or nullable context.
/// </summary>
internal static class CaseGenerator
{
    private static readonly string[] ClassNames = { "Net", "Net", "Net", "Model", "Classifier", "TinyNet", "MnistCnn", "Résumé", "Block_1" };

    private static readonly IReadOnlyList<(Scenario Scenario, int Variant)> Prelude =
        Structures.All.Concat(Hazards.All).Concat(Faults.All).SelectMany(s => Enumerable.Range(0, s.Variants).Select(v => (s, v))).ToList();

    /// <summary>Cases in the prelude: a run shorter than this does not cover every scenario.</summary>
    public static int PreludeLength => Prelude.Count;

    public static CaseSpec Case(ulong runSeed, int index)
    {
        var random = new FuzzRandom(FuzzRandom.CaseSeed(runSeed, index));
        if (index < Prelude.Count)
        {
            var (scenario, variant) = Prelude[index];
            var tinyBuilder = new NetworkBuilder(random, SizeProfile.Tiny);
            CaseSpec tiny = TinyBase(index, random, tinyBuilder);
            return Consistent(scenario.Apply(new ScenarioContext(random, tinyBuilder), tiny, variant)) with { Scenario = $"prelude {scenario.Name} #{variant}" };
        }

        SizeProfile profile = random.Chance(0.02) ? SizeProfile.Large : random.Chance(0.06) ? SizeProfile.Medium : SizeProfile.Small;
        var builder = new NetworkBuilder(random, profile);
        var ctx = new ScenarioContext(random, builder);
        CaseSpec spec = RandomBase(index, random, builder);
        var applied = new List<string> { profile.ToString().ToLowerInvariant() };
        if (random.Chance(0.3))
        {
            spec = Apply(ctx, spec, random.Pick(Faults.All), applied);
        }

        int hazards = random.Chance(0.45) ? (random.Chance(0.2) ? 2 : 1) : 0;
        var candidates = Hazards.All.Where(h => h.Name is not ("language-version" or "nullable")).ToList();
        for (int i = 0; i < hazards; i++)
        {
            Scenario hazard = random.Pick(candidates);
            candidates.Remove(hazard);
            spec = Apply(ctx, spec, hazard, applied);
        }

        if (random.Chance(0.1))
        {
            spec = Apply(ctx, spec, Hazards.All.First(h => h.Name == "nullable"), applied);
        }

        if (random.Chance(0.12))
        {
            spec = Apply(ctx, spec, Hazards.All.First(h => h.Name == "language-version"), applied);
        }

        return Consistent(spec) with { Scenario = string.Join(" + ", applied) };
    }

    /// <summary>What hazards applied one after another must leave valid C# in the user's own code.</summary>
    internal static CaseSpec Consistent(CaseSpec spec) => WithNetworkMembers(WithoutScopeCollisions(spec));

    /// <summary>
    /// The members hazard gives a kernel class or a static network <c>public static string Describe()</c> and a network
    /// <c>ToString</c>'s override; a later hazard that makes the class a network that is not static (the modifiers
    /// one, say) keeps the first, which would hide <c>Network.Describe()</c>: the user's own CS0108 (seed 21, case 7953),
    /// not the generator's. Such a network gets the network's member instead.
    /// </summary>
    internal static CaseSpec WithNetworkMembers(CaseSpec spec)
    {
        const string KernelMember = "public static string Describe() => \"kernel\";";
        ClassSpec main = spec.Main;
        if (!main.IsNetwork || main.IsStatic || !main.Parts.Any(p => p.Members.Contains(KernelMember, System.StringComparison.Ordinal)))
        {
            return spec;
        }

        var parts = main.Parts.Select(p => p with { Members = p.Members.Replace(KernelMember, "public override string ToString() => \"net\";", System.StringComparison.Ordinal) });
        return spec.WithClass(0, main with { Parts = parts.ToImmutableArray() });
    }

    /// <summary>
    /// Drops a user type (or namespace) in scope that one of the case's own classes already declares in the same
    /// namespace — e.g. a scope type <c>Avx2Kernel</c> beside a kernel class a later hazard named <c>Avx2Kernel</c>:
    /// that is the user's CS0101, not the generator's, and the case must stay valid C#.
    /// </summary>
    internal static CaseSpec WithoutScopeCollisions(CaseSpec spec)
    {
        if (spec.ScopeOrEmpty.IsEmpty)
        {
            return spec;
        }

        string ScopeNamespace(ScopeDeclaration scope) => scope.Placement == ScopePlacement.Global ? string.Empty : spec.Main.Namespace.Name;
        var declared = new HashSet<(string Namespace, string Name)>(spec.Classes.Select(c => (c.Namespace.Name, c.Outer ?? c.SymbolName)));
        var kept = spec.ScopeOrEmpty.Where(s => !declared.Contains((ScopeNamespace(s), SourceRenderer.ScopeName(s)))).ToImmutableArray();
        return kept.Length == spec.ScopeOrEmpty.Length ? spec : spec with { Scope = kept };
    }

    private static CaseSpec Apply(ScenarioContext ctx, CaseSpec spec, Scenario scenario, List<string> applied)
    {
        int variant = ctx.Random.Next(scenario.Variants);
        applied.Add($"{scenario.Name} #{variant}");
        return scenario.Apply(ctx, spec, variant);
    }

    /// <summary>
    /// The smallest valid network with a convolution (2×2×1 → one 1×1 filter with ReLU; its spelling varies): what
    /// the prelude's scenarios change. Always the same kernel, so a generator that shares identical kernels across a
    /// compilation compiles it once per batch.
    /// </summary>
    private static CaseSpec TinyBase(int index, FuzzRandom random, NetworkBuilder b)
    {
        var ns = new NamespaceSpec(ImmutableArray.Create(CaseSpec.RootOf(index)), NamespaceStyle.Block);
        var attributes = ImmutableArray.Create(
            b.Attribute(AttributeLanguage.ConvNet),
            b.InputOf(2, 2, 1),
            b.Conv(1, 1, activation: 1, bias: true).Without("Winograd"));
        return new CaseSpec(index, "prelude", ImmutableArray.Create(new ClassSpec("Net", ns, ImmutableArray.Create(new PartSpec(attributes)))));
    }

    private static CaseSpec RandomBase(int index, FuzzRandom random, NetworkBuilder b)
    {
        string root = CaseSpec.RootOf(index);
        var ns = random.Chance(0.6)
            ? new NamespaceSpec(ImmutableArray.Create(root), random.Chance(0.5) ? NamespaceStyle.FileScoped : NamespaceStyle.Block)
            : new NamespaceSpec(new[] { root }.Concat(random.Pick(new[] { "Models", "Vision.Nets", "A" }).Split('.')).ToImmutableArray(), (NamespaceStyle)random.Next(3));
        string name = random.Pick(ClassNames);
        ClassSpec cls = random.Chance(0.22) ? b.KernelClass(name, ns, depthwise: random.Chance(0.3)) : b.Network(name, ns);
        if (cls.IsNetwork)
        {
            cls = cls with { Modifiers = random.Pick(new[] { "public", "public", "internal", "public sealed", string.Empty, "public static" }) };
        }

        return new CaseSpec(index, "random", ImmutableArray.Create(cls));
    }
}
