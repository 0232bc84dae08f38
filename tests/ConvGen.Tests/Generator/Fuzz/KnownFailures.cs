using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// A class of failures today's generator is known to have: which issue item it is, how to recognise it (the
/// failure's kind and code and the case's tags) and a minimal declaration that shows it.
/// </summary>
internal sealed record KnownFailure(string Id, string Issue, string Summary, Func<CaseOutcome, Failure, bool> Matches, string Reproducer);

/// <summary>
/// The catalogue of failure classes the fuzzer finds in today's generator (details, reproducers and causes:
/// fuzz-findings.md of the fuzz task). The fuzz test fails when a failure matches no entry (a new class) and, for a run
/// that covers the prelude, when an entry matches nothing (fixed: delete it). The fixes of issue 21 empty this list;
/// an entry is deleted in the commit that fixes it.
/// </summary>
internal static class KnownFailures
{
    /// <summary>For entries' matchers: a failure located in generated code (or in user code because of it).</summary>
    internal static bool InGenerated(Failure f) => f.Kind is FailureKind.GeneratedCodeError or FailureKind.GeneratedCodeWarning or FailureKind.UserCodeDiagnostic;

    /// <summary>For entries' matchers: the case carries one of the tags.</summary>
    internal static bool Tagged(CaseOutcome o, params string[] prefixes) => prefixes.Any(o.Verdict.HasTag);

    // K01-K20 (issue 21's generator items and what the fuzzer found beside them) are fixed: each has a test in
    // ReliabilityTests, HygieneTests or NaNPropagationTests. A new class of failure gets the next id, K21, with its
    // issue, how to recognise it and its reproducer, until the commit that fixes it deletes the entry.
    public static IReadOnlyList<KnownFailure> All { get; } = Array.Empty<KnownFailure>();

    public static KnownFailure? Match(CaseOutcome outcome, Failure failure) => All.FirstOrDefault(k => k.Matches(outcome, failure));
}
