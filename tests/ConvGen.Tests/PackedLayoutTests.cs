using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ConvGen.Tests.Declarations;
using ConvGen.Tests.Training;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Packing only some layouts: each flag packs its own part of the buffer and nothing else, each pass reads only the
/// layout it names, and a network repacks only the layouts its passes read, packing any other the moment a pass
/// needs it.
/// </summary>
public class PackedLayoutTests
{
    private static readonly PackedLayouts[] Flags =
        { PackedLayouts.Vector256Direct, PackedLayouts.Vector512Direct, PackedLayouts.Vector256Winograd, PackedLayouts.Vector512Winograd };

    // The dispatch states a pass can run in on this thread.
    private static readonly Func<IDisposable?>[] Paths =
        { () => null, () => KernelDispatch.ForceVector256(), () => KernelDispatch.ForceGeneric(), () => KernelDispatch.ForceDirect() };

    public static IEnumerable<object[]> RegularKernels() =>
        GeneratedKernels.All.Where(k => !k.Kernel.Shape.Depthwise).Select(k => new object[] { k.Name });

    [Theory]
    [MemberData(nameof(RegularKernels))]
    public void EachLayoutPacksItsOwnPartOfTheBuffer(string name)
    {
        IConv2DKernel k = GeneratedKernels.Get(name);
        float[] weights = TestData.Uniform(k.Shape.WeightLength, seed: 1);
        CheckPartition(k.PackedWeightLength, (packed, layouts) => k.PackWeights(weights, packed, layouts), (packed) => k.PackWeights(weights, packed));
        if (k is IConv2DInputGradientKernel d)
        {
            CheckPartition(d.BackwardDataPackedWeightLength, (packed, layouts) => d.PackBackwardDataWeights(weights, packed, layouts), packed => d.PackBackwardDataWeights(weights, packed));
        }
    }

    [Theory]
    [MemberData(nameof(RegularKernels))]
    public void EachPassReadsOnlyTheLayoutItNames(string name)
    {
        IConv2DKernel k = GeneratedKernels.Get(name);
        Conv2DShape s = k.Shape;
        const int Batch = 2;
        float[] weights = TestData.Uniform(s.WeightLength, seed: 2);
        float[] bias = TestData.Uniform(s.Filters, seed: 3);
        float[] input = TestData.Uniform(Batch * s.InputImageLength, seed: 4);
        float[] gradOutput = TestData.Uniform(Batch * s.OutputImageLength, seed: 5);
        var d = k as IConv2DInputGradientKernel;
        float[] all = new float[k.PackedWeightLength], allBackward = new float[d?.BackwardDataPackedWeightLength ?? 0];
        k.PackWeights(weights, all);
        d?.PackBackwardDataWeights(weights, allBackward);

        var seen = new HashSet<PackedLayouts>();
        foreach (Func<IDisposable?> path in Paths)
        {
            using IDisposable? scope = path();
            PackedLayouts reads = k.ForwardLayouts;
            Assert.True(BitOperations.IsPow2((int)reads), $"{name} forward reads {reads}: one layout expected ({KernelDispatch.Active})");
            seen.Add(reads);
            float[] only = Filled(k.PackedWeightLength, float.NaN);
            k.PackWeights(weights, only, reads);
            Assert.Equal(Forward(k, input, all, bias, Batch), Forward(k, input, only, bias, Batch));

            if (d is not null)
            {
                PackedLayouts backwardReads = d.BackwardDataLayouts;
                Assert.True(BitOperations.IsPow2((int)backwardReads), $"{name} input gradient reads {backwardReads}");
                float[] onlyBackward = Filled(d.BackwardDataPackedWeightLength, float.NaN);
                d.PackBackwardDataWeights(weights, onlyBackward, backwardReads);
                Assert.Equal(BackwardData(d, gradOutput, allBackward, Batch), BackwardData(d, gradOutput, onlyBackward, Batch));
            }
        }

        // On this machine's widths the paths read distinct layouts: Winograd kernels their 512- and 256-bit U and, generic or
        // forced direct (they have no direct code), the 256-bit direct layout; direct kernels their two direct layouts.
        if (KernelPaths.HasVector512)
        {
            Assert.Equal(WinogradTests.HasWinograd(GeneratedKernels.TypeOf(name)) ? 3 : 2, seen.Count);
        }
    }

    [Fact]
    public void ForwardLayoutsFollowTheDispatch()
    {
        Assert.Equal(KernelPaths.HasVector512 ? PackedLayouts.Vector512Winograd : PackedLayouts.Vector256Winograd, K07Incep3x3.Kernel.ForwardLayouts);
        Assert.Equal(KernelPaths.HasVector512 ? PackedLayouts.Vector512Direct : PackedLayouts.Vector256Direct, W03OptedOut.Kernel.ForwardLayouts);
        using (KernelDispatch.ForceDirect())
        {
            // A Winograd kernel has no direct code: forced direct, the generic kernel runs, on the 256-bit direct layout.
            Assert.Equal(PackedLayouts.Vector256Direct, K07Incep3x3.Kernel.ForwardLayouts);
            Assert.Equal(KernelPaths.HasVector512 ? PackedLayouts.Vector512Direct : PackedLayouts.Vector256Direct, W03OptedOut.Kernel.ForwardLayouts);
        }

        using (KernelDispatch.ForceVector256())
        {
            Assert.Equal(PackedLayouts.Vector256Winograd, K07Incep3x3.Kernel.ForwardLayouts);
            Assert.Equal(PackedLayouts.Vector256Winograd, ((IConv2DInputGradientKernel)K07Incep3x3.Kernel).BackwardDataLayouts);
        }

        using (KernelDispatch.ForceGeneric())
        {
            Assert.Equal(PackedLayouts.Vector256Direct, K07Incep3x3.Kernel.ForwardLayouts);
            Assert.Equal(PackedLayouts.Vector256Direct, ((IConv2DInputGradientKernel)K07Incep3x3.Kernel).BackwardDataLayouts);
        }
    }

    [Fact]
    public void ANetworkRepacksOnlyTheLayoutsItReadsAndPacksAnotherWhenAPassNeedsIt()
    {
        using var model = new WinogradBlock(seed: 21) { Threads = 1 };
        ImageDataset data = TrainingData.Random(24, 6, 6, 16, 3, seed: 22);
        model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 8, Seed = 1 });
        Conv2DLayer[] convs = model.Convolutions.ToArray();
        foreach (Conv2DLayer conv in convs)
        {
            Assert.True(BitOperations.IsPow2((int)conv.PackedForwardLayouts), $"{conv.Name}: {conv.PackedForwardLayouts}");
        }

        float[] expected = model.Predict(data);
        AssertDirectAndGenericPathsAgree(model, data, expected);
        Assert.True(BitOperations.PopCount((uint)convs[0].PackedForwardLayouts) == 2, $"after three paths (Winograd, then forced direct and generic, which both run the generic kernel): {convs[0].PackedForwardLayouts}");

        // More training changes the weights; the layouts only the predictions read are packed again when next read.
        model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Seed = 2 });
        Assert.True(BitOperations.IsPow2((int)convs[0].PackedForwardLayouts), $"after training: {convs[0].PackedForwardLayouts}");
        float[] trained = model.Predict(data);
        Assert.True(MaxDifference(expected, trained) > 1e-3, "training changed the predictions");
        AssertDirectAndGenericPathsAgree(model, data, trained);
    }

    // Every packed copy a convolution's kernels read (forward, input gradient, and the BatchNorm-folded inference kernel's)
    // starts on a 64-byte line, so a 512-bit weight load never straddles two lines; the folded copy holds the folded
    // weights once the network has predicted.
    [Fact]
    public void EveryConvolutionsPackedWeightsStartOnACacheLine()
    {
        using var model = new TinyBatchNormNet(seed: 23) { Threads = 1 };
        ImageDataset data = TrainingData.Random(16, 6, 6, 2, 3, seed: 24);
        model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 8, Seed = 1 });
        model.Predict(data);
        Conv2DLayer[] convs = model.Convolutions.ToArray();
        Assert.Equal(2, convs.Length);
        foreach (Conv2DLayer conv in convs)
        {
            AlignedBuffer[] buffers = conv.PackedBuffers.ToArray();
            Assert.Equal(3, buffers.Length);
            Assert.All(buffers, b => Assert.True(AlignedBuffer.IsAligned(b.Span), $"{conv.Name}: a packed copy of {b.Length} floats starts off a line"));
            Assert.True(buffers[0].Length > 0 && buffers[2].Length > 0, $"{conv.Name}: forward {buffers[0].Length}, folded {buffers[2].Length} floats");
            Assert.Contains(buffers[2].Span.ToArray(), v => v != 0);
        }
    }

    // The same network's predictions through the direct and the generic kernels (other packed layouts) match the default path's.
    private static void AssertDirectAndGenericPathsAgree(Network model, ImageDataset data, float[] expected)
    {
        using (KernelDispatch.ForceDirect())
        {
            AssertClose(expected, model.Predict(data));
        }

        using (KernelDispatch.ForceGeneric())
        {
            AssertClose(expected, model.Predict(data));
        }
    }

    private static void CheckPartition(int length, Action<float[], PackedLayouts> pack, Action<float[]> packAll)
    {
        float[] all = Filled(length, float.NaN);
        packAll(all);
        var parts = new float[Flags.Length][];
        for (int f = 0; f < Flags.Length; f++)
        {
            parts[f] = Filled(length, float.NaN);
            pack(parts[f], Flags[f]);
        }

        for (int i = 0; i < length; i++)
        {
            int writers = 0;
            for (int f = 0; f < Flags.Length; f++)
            {
                if (!float.IsNaN(parts[f][i]))
                {
                    writers++;
                    Assert.Equal(all[i], parts[f][i]);
                }
            }

            Assert.True(writers == (float.IsNaN(all[i]) ? 0 : 1), $"float {i} of {length} written by {writers} layouts");
        }
    }

    private static float[] Forward(IConv2DKernel k, float[] input, float[] packed, float[] bias, int batch)
    {
        var output = new float[batch * k.Shape.OutputHeight * k.Shape.OutputWidth * k.Shape.OutputPixelStride]; // a slice writer's whole concatenation
        k.Forward(input, packed, bias, output, batch);
        return output;
    }

    private static float[] BackwardData(IConv2DInputGradientKernel k, float[] gradOutput, float[] packed, int batch)
    {
        var gradInput = new float[batch * k.Shape.InputImageLength];
        k.BackwardData(gradOutput, packed, gradInput, new float[k.BackwardDataScratchLength], batch);
        return gradInput;
    }

    private static float[] Filled(int length, float value)
    {
        var a = new float[length];
        Array.Fill(a, value);
        return a;
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = MaxDifference(expected, actual);
        Assert.True(max < 1e-4, $"probabilities differ by {max:E2}");
    }
}
