using System;

namespace ConvGen.Benchmarks;

/// <summary>Deterministic test data and the agreement check every benchmark's setup runs.</summary>
internal static class Data
{
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    /// <summary>A 64-byte-aligned copy of <paramref name="values"/>: activations live in such buffers in a network.</summary>
    public static AlignedBuffer Aligned(float[] values)
    {
        var buffer = new AlignedBuffer(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Throws when two results differ by more than 1e-3 of the larger one's scale (float sums in different orders).</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        double scale = 1e-6;
        foreach (float v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= 1e-3 * scale))
            {
                throw new InvalidOperationException($"{what}: element {i} is {actual[i]}, expected {expected[i]} (scale {scale}).");
            }
        }
    }
}
