using System;
using System.Linq;
using ConvGen.Samples;
using ConvGen.Samples.Inception;
using ConvGen.Samples.MobileNet;
using ConvGen.Samples.ResNet;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>
/// The samples' networks (referenced from samples/, not copied: the solution compiles them once), trained briefly
/// on real Fashion-MNIST images so that the weights are off their initialisation and batch normalisation's moving
/// statistics have moved; and the test images the round trip compares on.
/// </summary>
internal static class SampleNetworks
{
    /// <summary>Training images (40 steps of 32) and the steps' batch size.</summary>
    public const int TrainImages = 1280, BatchSize = 32;

    private static readonly Lazy<(ImageDataset Train, ImageDataset Test)> Data = new(() => FashionMnist.Load());

    public static string[] Names { get; } = { nameof(FashionCnn), nameof(InceptionFashion), nameof(ResNetFashion), nameof(MobileNetFashion) };

    /// <summary>A new instance of sample <paramref name="name"/>, trained for <see cref="TrainImages"/> / <see cref="BatchSize"/> steps.</summary>
    public static Network Trained(string name)
    {
        Network network = name switch
        {
            nameof(FashionCnn) => new FashionCnn(1),
            nameof(InceptionFashion) => new InceptionFashion(1),
            nameof(ResNetFashion) => new ResNetFashion(1),
            nameof(MobileNetFashion) => new MobileNetFashion(1),
            _ => throw new ArgumentException($"No sample network {name}.", nameof(name)),
        };
        network.Threads = 2;
        network.Fit(Data.Value.Train.Take(TrainImages), new FitOptions { Epochs = 1, BatchSize = BatchSize, Seed = 3, Optimizer = new Adam(0.001f) });
        return network;
    }

    /// <summary>The first <paramref name="count"/> test images as NHWC floats in [0, 1].</summary>
    public static float[] TestImages(int count)
    {
        ImageDataset test = Data.Value.Test;
        var images = new float[count * test.ImageLength];
        for (int i = 0; i < count; i++)
        {
            test.CopyImage(i, images.AsSpan(i * test.ImageLength, test.ImageLength));
        }

        return images;
    }

    /// <summary>The compiled re-imported declaration RoundTrip/<paramref name="className"/>.cs (found by name: a missing one is a test failure, not a build error).</summary>
    public static Network Reimported(string className)
    {
        Type type = typeof(SampleNetworks).Assembly.GetType("ConvGen.Onnx.Tests.RoundTrip." + className)
            ?? throw new InvalidOperationException($"RoundTrip/{className}.cs is not compiled into the tests yet (the test writes it as RoundTrip/{className}.received.cs).");
        return (Network)Activator.CreateInstance(type, 0)!;
    }

    /// <summary>The parameters of a network with the seed's settings but moved off its initialisation: Glorot kernels scaled, nonzero biases, BN statistics spread.</summary>
    public static void Randomize(Network network, int seed)
    {
        var random = new Random(seed);
        float[][] values = network.Parameters.Select(p => Enumerable.Range(0, p.Length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (network.Parameters[i].Name.EndsWith("/moving_variance", StringComparison.Ordinal) || network.Parameters[i].Name.EndsWith("/gamma", StringComparison.Ordinal))
            {
                values[i] = values[i].Select(v => 0.5f + Math.Abs(v)).ToArray();
            }
        }

        network.SetWeights(values);
    }
}
