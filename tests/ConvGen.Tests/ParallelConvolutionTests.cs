using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>A generated kernel split over threads computes what one thread does, on every path, without allocating.</summary>
public class ParallelConvolutionTests
{
    [Theory]
    [InlineData("K03Seed3", KernelPath.Widest, 5)]
    [InlineData("K03Seed3", KernelPath.Vector256, 2)]
    [InlineData("K03Seed3", KernelPath.Generic, 3)]
    [InlineData("D01MobileNet56", KernelPath.Widest, 3)]
    [InlineData("K21Tail70", KernelPath.Widest, 1)]
    public void TwoThreadsMatchTheReferenceAndOneThread(string name, KernelPath path, int batch)
    {
        var kernel = (IConv2DInputGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, batch, seed: 17);
        var packedBackward = new float[kernel.BackwardDataPackedWeightLength];
        kernel.PackBackwardDataWeights(weights, packedBackward);

        float[] gradSource = TestData.Uniform(batch * s.OutputImageLength, 18);
        float[][] Run(int threads)
        {
            using var parallel = new ParallelConvolution(kernel, threads, path);
            var output = new float[batch * s.OutputImageLength];
            parallel.Forward(input, packed, bias, output, batch);
            ConvolutionAssert.Close(s, input, weights, bias, output, batch, $"{name} forward on {threads} thread(s), {path}");
            var gradOutput = (float[])gradSource.Clone();
            var gradWeights = new float[s.WeightLength];
            var gradBias = new float[s.Filters];
            var gradInput = new float[batch * s.InputImageLength];
            parallel.TrainingStep(input, packed, packedBackward, bias, output, gradOutput, gradWeights, gradBias, gradInput, batch);
            return new[] { output, gradWeights, gradBias, gradInput };
        }

        float[][] one = Run(1), two = Run(2);
        Assert.Equal(one[0], two[0]);
        Assert.Equal(one[3], two[3]);

        // The weight and bias gradients summed over the threads are the reference's (sums over the batch in another order).
        float[] preActivation = (float[])gradSource.Clone();
        ((IConv2DWeightGradientKernel)kernel).BackwardActivation(one[0], preActivation, new float[s.Filters], batch);
        var expected = new float[s.WeightLength];
        var magnitude = new float[s.WeightLength];
        ReferenceConv2D.BackwardWeights(s, input, preActivation, expected, batch);
        ReferenceConv2D.BackwardWeights(s, TestData.Abs(input), TestData.Abs(preActivation), magnitude, batch);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - two[1][i]) <= 1e-5 * magnitude[i] + 1e-30, $"{name} dW[{i}]: {two[1][i]} vs reference {expected[i]}");
        }

        for (int c = 0; c < (s.UseBias ? s.Filters : 0); c++)
        {
            double sum = 0, abs = 0;
            for (int p = c; p < preActivation.Length; p += s.Filters)
            {
                sum += preActivation[p];
                abs += Math.Abs(preActivation[p]);
            }

            Assert.True(Math.Abs(sum - two[2][c]) <= 1e-5 * abs + 1e-30, $"{name} db[{c}]: {two[2][c]} vs {sum}");
        }
    }

    [Theory]
    [InlineData("K03Seed3", KernelPath.Widest, 1, 2)] // Winograd tiles
    [InlineData("K03Seed3", KernelPath.Vector256, 1, 2)]
    [InlineData("K39Seed2Direct", KernelPath.Widest, 1, 2)] // direct rows
    [InlineData("K39Seed2Direct", KernelPath.Widest, 2, 3)] // parts that cross an image's end
    [InlineData("K11Odd13To17Stride2", KernelPath.Vector256, 2, 3)]
    [InlineData("K37Prefetched1x1", KernelPath.Widest, 1, 2)] // flattened 1x1 rows, streamed output
    [InlineData("K38StreamedDirect3x3", KernelPath.Widest, 1, 2)]
    [InlineData("K21Tail70", KernelPath.Widest, 3, 4)]
    [InlineData("K03Seed3", KernelPath.WidestDirect, 1, 2)] // no parts: the generic kernel on one thread
    [InlineData("D01MobileNet56", KernelPath.Widest, 1, 2)] // depthwise: no parts
    public void AForwardPassOverFewerImagesThanThreadsIsSplitBitForBit(string name, KernelPath path, int batch, int threads)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, batch, seed: 23);
        float[] Run(int count)
        {
            using var parallel = new ParallelConvolution(kernel, count, path);
            var output = new float[batch * s.OutputImageLength];
            parallel.Forward(input, packed, bias, output, batch);
            return output;
        }

        float[] one = Run(1), split = Run(threads);
        ConvolutionAssert.Close(s, input, weights, bias, split, batch, $"{name} forward on {threads} threads, {path}");
        Assert.Equal(one, split);
    }

    [Fact]
    public void AtBatchOneTheSecondThreadComputesItsTiles()
    {
        // K03Seed3 runs Winograd on AVX2 and AVX-512; a thread's Winograd scratch is allocated the first time it runs such
        // a kernel, so the second thread's allocation shows that it computed tiles of the one image.
        IConv2DKernel kernel = GeneratedKernels.Get("K03Seed3");
        var (input, _, bias, packed) = ForwardKernelTests.Data(kernel, 1, seed: 24);
        using var parallel = new ParallelConvolution(kernel, 2);
        parallel.Forward(input, packed, bias, new float[kernel.Shape.OutputImageLength], 1);
        Assert.Equal(KernelDispatch.Active != "generic", parallel.WorkerAllocatedBytes > 0);
    }

    [Fact]
    public void CallsAllocateNothing()
    {
        var kernel = (IConv2DInputGradientKernel)GeneratedKernels.Get("K03Seed3");
        Conv2DShape s = kernel.Shape;
        const int batch = 4;
        var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, batch, seed: 19);
        var packedBackward = new float[kernel.BackwardDataPackedWeightLength];
        kernel.PackBackwardDataWeights(weights, packedBackward);
        var output = new float[batch * s.OutputImageLength];
        var gradOutput = new float[output.Length];
        var gradWeights = new float[s.WeightLength];
        var gradBias = new float[s.Filters];
        var gradInput = new float[input.Length];
        using var parallel = new ParallelConvolution(kernel, 2);
        void Call()
        {
            parallel.Forward(input, packed, bias, output, batch);
            parallel.Forward(input, packed, bias, output, 1); // split by tiles between the threads
            parallel.TrainingStep(input, packed, packedBackward, bias, output, gradOutput, gradWeights, gradBias, gradInput, batch);
        }

        Call();
        long before = GC.GetAllocatedBytesForCurrentThread(), workers = parallel.WorkerAllocatedBytes;
        for (int i = 0; i < 5; i++)
        {
            Call();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, parallel.WorkerAllocatedBytes - workers);
    }
}
