using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>A case with its judgement, what was observed and the oracle's failures.</summary>
internal sealed record CaseOutcome(CaseSpec Spec, Verdict Verdict, CaseObservation Observation, IReadOnlyList<Failure> Failures);

/// <summary>One fuzz run: the configuration's cases generated, judged by the reference rules, run and checked.</summary>
internal sealed class FuzzRun
{
    private FuzzRun(FuzzConfiguration configuration, IReadOnlyList<CaseOutcome> outcomes, Stopwatch watch)
    {
        Configuration = configuration;
        Outcomes = outcomes;
        Seconds = watch.Elapsed.TotalSeconds;
    }

    public FuzzConfiguration Configuration { get; }

    public IReadOnlyList<CaseOutcome> Outcomes { get; }

    public double Seconds { get; }

    public IEnumerable<(CaseOutcome Case, Failure Failure)> Failures => Outcomes.SelectMany(o => o.Failures.Select(f => (o, f)));

    public static FuzzRun Execute(FuzzConfiguration configuration)
    {
        var watch = Stopwatch.StartNew();
        var indices = configuration.SingleCase is int single ? new[] { single } : Enumerable.Range(0, configuration.Count).ToArray();
        var cases = indices.Select(i => CaseGenerator.Case(configuration.Seed, i)).ToList();
        _ = ReservedNames.Instance;
        CaseObservation[] observations = FuzzRunner.Run(cases, configuration.Threads);
        var outcomes = observations.Select(o => Check(o)).ToList();
        return new FuzzRun(configuration, outcomes, watch);
    }

    /// <summary>Runs one case alone (the shrinker's step).</summary>
    public static CaseOutcome Evaluate(CaseSpec spec) => Check(FuzzRunner.RunOne(spec));

    private static CaseOutcome Check(CaseObservation observation)
    {
        Verdict verdict = ReferenceRules.Judge(observation.Spec);
        return new CaseOutcome(observation.Spec, verdict, observation, FuzzOracle.Check(observation, verdict));
    }
}
