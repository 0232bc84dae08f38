using System;

namespace ConvGen.Tests;

/// <summary>Seeded random tensors for numerical tests.</summary>
internal static class TestData
{
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return data;
    }

    public static float[] Abs(float[] data) => Array.ConvertAll(data, MathF.Abs);
}
