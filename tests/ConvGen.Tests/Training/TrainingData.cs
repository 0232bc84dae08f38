using System;

namespace ConvGen.Tests.Training;

/// <summary>Seeded synthetic image sets for training tests.</summary>
internal static class TrainingData
{
    public static ImageDataset Random(int count, int height, int width, int channels, int classes, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * height * width * channels];
        random.NextBytes(pixels);
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(classes);
        }

        return new ImageDataset(pixels, labels, height, width, channels, classes);
    }

    public static int[] Identity(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        return order;
    }
}
