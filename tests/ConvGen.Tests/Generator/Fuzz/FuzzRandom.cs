using System.Collections.Generic;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every runtime (System.Random's is not
/// guaranteed across .NET versions), so a seed and a case number always give the same declaration.
/// </summary>
internal sealed class FuzzRandom
{
    private ulong _state;

    public FuzzRandom(ulong seed) => _state = seed;

    /// <summary>The seed of case <paramref name="index"/> of a run: each case can be regenerated alone.</summary>
    public static ulong CaseSeed(ulong runSeed, int index) => new FuzzRandom(runSeed ^ ((ulong)index * 0xD1B54A32D192ED03UL)).NextULong();

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int Next(int min, int maxInclusive) => min + (int)(NextULong() % (ulong)((long)maxInclusive - min + 1));

    public bool Chance(double probability) => (NextULong() >> 11) * (1.0 / (1UL << 53)) < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Small values most of the time, sometimes up to <paramref name="max"/>: sizes that keep kernels cheap.</summary>
    public int Small(int min, int typical, int max) => Chance(0.85) ? Next(min, typical) : Next(min, max);
}
