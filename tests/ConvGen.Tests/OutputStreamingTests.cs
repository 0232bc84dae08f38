using System;
using System.Linq;
using System.Reflection;
using ConvGen.__Internals;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Kernels that stream their output past the caches (<see cref="OutputStreaming"/>): on an aligned output they take
/// the non-temporal stores, on any other the ordinary ones, and both write the same floats as the reference.
/// </summary>
public class OutputStreamingTests
{
    public static TheoryData<string, string> StreamingPasses()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, type, _) in GeneratedKernels.All)
        {
            foreach (string path in new[] { KernelPaths.Vector512, KernelPaths.Vector256 })
            {
                string prefix = path == KernelPaths.Vector512 ? "Avx512" : "Avx2";
                foreach (string pass in new[] { "Kernel", "BackwardDataKernel" })
                {
                    if (Streams(type, prefix + pass))
                    {
                        data.Add(name, path + " " + pass);
                    }
                }
            }
        }

        return data;
    }

    // Output images of 1 MB or more whose every vector is whole: D01 (128 channels) at both widths; D09, K37's input
    // gradient (72 channels) and K38 (72 filters) at 256 bits only; K37's forward (96 filters) at both.
    [Fact]
    public void KernelsWithImagesOfAMegabyteStreamWhereTheirVectorsAreWhole()
    {
        var streaming = StreamingPasses().Select(row => $"{row[0]} {row[1]}").ToList();
        Assert.Equal(
            new[]
            {
                "D01MobileNet56 Vector512 Kernel", "D01MobileNet56 Vector512 BackwardDataKernel",
                "D01MobileNet56 Vector256 Kernel", "D01MobileNet56 Vector256 BackwardDataKernel",
                "D09Streams256Only Vector256 Kernel", "D09Streams256Only Vector256 BackwardDataKernel",
                "K37Prefetched1x1 Vector512 Kernel", "K37Prefetched1x1 Vector256 Kernel", "K37Prefetched1x1 Vector256 BackwardDataKernel",
                "K38StreamedDirect3x3 Vector256 Kernel",
            },
            streaming);
    }

    [Theory]
    [MemberData(nameof(StreamingPasses))]
    public void AlignedOutputsAreStreamedAndMisalignedOnesStoredWithTheSameValues(string name, string pathAndPass)
    {
        string path = pathAndPass.Split(' ')[0];
        bool backward = pathAndPass.EndsWith("BackwardDataKernel", StringComparison.Ordinal);
        if (path == KernelPaths.Vector512 && !KernelPaths.HasVector512 || path == KernelPaths.Vector256 && !KernelPaths.HasVector256)
        {
            return; // KernelPathTests reports the missing path as skipped.
        }

        var kernel = (IConv2DInputGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        const int batch = 2;
        var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, batch, seed: 11);
        var gradOutput = TestData.Uniform(batch * s.OutputImageLength, 12);
        var backwardPacked = new float[kernel.BackwardDataPackedWeightLength];
        kernel.PackBackwardDataWeights(weights, backwardPacked);
        int length = batch * (backward ? s.InputImageLength : s.OutputImageLength);

        // The same pass into an aligned output and into one a float past alignment (never aligned to a vector).
        var aligned = new AlignedBuffer(length);
        var misalignedBuffer = new AlignedBuffer(length + 1);
        Span<float> misaligned = misalignedBuffer.AsSpan(1, length);
        Assert.True(AlignedBuffer.IsAligned(aligned.Span));
        void Run(Span<float> output)
        {
            if (backward)
            {
                kernel.BackwardData(gradOutput, backwardPacked, output, new float[kernel.BackwardDataScratchLength], batch);
            }
            else
            {
                kernel.Forward(input, packed, bias, output, batch);
            }
        }

        using (KernelPaths.Enter(path))
        {
            int before = OutputStreaming.StreamedRuns;
            Run(aligned);
            Assert.Equal(before + 1, OutputStreaming.StreamedRuns);
            Run(misaligned);
            Assert.Equal(before + 1, OutputStreaming.StreamedRuns);
        }

        Assert.True(aligned.Span.SequenceEqual(misaligned), $"{name} {pathAndPass}: the streamed and the cached stores differ");
        float[] streamed = aligned.Span.ToArray();
        if (backward)
        {
            var expected = new float[length];
            ReferenceConv2D.BackwardData(s, gradOutput, weights, expected, batch);
            var magnitude = new float[length];
            ReferenceConv2D.BackwardData(s, TestData.Abs(gradOutput), TestData.Abs(weights), magnitude, batch);
            BackwardKernelTests.AssertClose(expected, magnitude, streamed, $"{name} dX ({pathAndPass})");
        }
        else
        {
            ConvolutionAssert.Close(s, input, weights, bias, streamed, batch, $"{name} ({pathAndPass})");
        }
    }

    private static bool Streams(Type kernelClass, string nested) =>
        kernelClass.GetNestedType(nested, BindingFlags.NonPublic) is Type t && typeof(IStreamingKernel).IsAssignableFrom(t);
}
