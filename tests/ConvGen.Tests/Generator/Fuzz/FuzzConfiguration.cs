using System;
using System.Globalization;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// How much to fuzz, from environment variables: <c>CONVGEN_FUZZ_SEED</c> (default 21), <c>CONVGEN_FUZZ_COUNT</c>
/// (cases; default 500, the quick configuration run by the test suite), <c>CONVGEN_FUZZ_CASE</c> (run only that case
/// number of the seed's sequence: a failure's reproducer names it), <c>CONVGEN_FUZZ_THREADS</c> (default: the
/// processor count), <c>CONVGEN_FUZZ_REPORT</c> (a file to write every failure class to, each with a shrunk
/// reproducer) and <c>CONVGEN_FUZZ_SHRINK=0</c> (reproducers as generated, not shrunk: a quicker report of a run
/// with many failure classes).
/// </summary>
internal sealed record FuzzConfiguration(ulong Seed, int Count, int? SingleCase, int Threads, string? ReportPath, bool Shrink = true)
{
    public const ulong DefaultSeed = 21;
    public const int DefaultCount = 500;

    public static FuzzConfiguration FromEnvironment() => new(
        ulong.TryParse(Environment.GetEnvironmentVariable("CONVGEN_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong seed) ? seed : DefaultSeed,
        int.TryParse(Environment.GetEnvironmentVariable("CONVGEN_FUZZ_COUNT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) ? count : DefaultCount,
        int.TryParse(Environment.GetEnvironmentVariable("CONVGEN_FUZZ_CASE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int single) ? single : null,
        int.TryParse(Environment.GetEnvironmentVariable("CONVGEN_FUZZ_THREADS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int threads) ? threads : Environment.ProcessorCount,
        Environment.GetEnvironmentVariable("CONVGEN_FUZZ_REPORT") is { Length: > 0 } path ? path : null,
        Environment.GetEnvironmentVariable("CONVGEN_FUZZ_SHRINK") != "0");

    /// <summary>True when the run covers the prelude: every scenario variant, so every known failure class must show.</summary>
    public bool CoversPrelude => SingleCase is null && Count >= CaseGenerator.PreludeLength;

    public override string ToString() =>
        SingleCase is int c ? $"CONVGEN_FUZZ_SEED={Seed} CONVGEN_FUZZ_CASE={c}" : $"CONVGEN_FUZZ_SEED={Seed} CONVGEN_FUZZ_COUNT={Count}";
}
