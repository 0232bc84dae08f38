using System;
using System.Linq;
using Xunit;

namespace ConvGen.Tests;

/// <summary>Every generated forward kernel, its generic fallback and the generic kernel against the scalar reference.</summary>
public class ForwardKernelTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All)
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    [Fact]
    public void TheTestAssemblyDeclaresAtLeastThirtyShapes()
    {
        Assert.True(GeneratedKernels.All.Count >= 30, $"only {GeneratedKernels.All.Count} generated kernels found");
        var shapes = GeneratedKernels.All.Select(k => k.Kernel.Shape).ToList();
        Assert.Contains(shapes, s => s.Channels % 8 != 0 && s.Filters % 8 != 0);
        Assert.Contains(shapes, s => s.Height == 1 && s.Width == 1);
        Assert.Contains(shapes, s => s.Height == 56);
        Assert.Contains(shapes, s => s.Height != s.Width);
        Assert.Contains(shapes, s => s.Stride == 2 && s.KernelSize == 3 && s.Padding == Padding.Same);
        Assert.Contains(shapes, s => s.Stride == 2 && s.KernelSize == 1);
        Assert.Contains(shapes, s => s.Channels > 64);
        Assert.Contains(shapes, s => !s.UseBias);
        Assert.Contains(shapes, s => s.Depthwise && s.Stride == 2);
        Assert.Contains(shapes, s => s.Activation == Activation.Relu6);
    }

    [Fact]
    public void TheTestAssemblyDeclaresIssue22sLargeKernelShapes()
    {
        // 5x5 and 7x7 kernels: at least 20, and each kind issue 22 asks for among them.
        var large = GeneratedKernels.All.Select(k => k.Kernel.Shape).Where(s => s.KernelSize >= 5).ToList();
        Assert.True(large.Count >= 20, $"only {large.Count} generated 5x5 and 7x7 kernels found");
        Assert.Contains(large, s => s.KernelSize == 7 && s.Stride == 1);
        Assert.Contains(large, s => s.KernelSize == 7 && s.Stride == 2);
        Assert.Contains(large, s => s.KernelSize == 5 && s.Stride == 2 && s.Pads is null && s.Padding == Padding.Same);
        Assert.Contains(large, s => s.KernelSize == 5 && s.Stride == 2 && s.Pads is null && s.Padding == Padding.Valid);
        Assert.Contains(large, s => s.Pads is { } p && p.Bottom > p.Top && p.Right > p.Left);
        Assert.Contains(large, s => s.Pads is { } p && p.Top > p.Bottom && p.Left > p.Right);
        Assert.Contains(large, s => !s.Depthwise && s.Channels % 2 == 1 && s.Filters % 2 == 1);
        Assert.Contains(large, s => s.Height == 1 && s.Width == 1);
        Assert.Contains(large, s => s.Height == 2 && s.Width == 3);
        Assert.Contains(large, s => s.Height == 3 && s.Width == 3);
        Assert.Contains(large, s => s.Depthwise && s.Stride == 1 && s.Pads is { } p && (p.Top != p.Bottom || p.Left != p.Right));
        Assert.Contains(large, s => s.Depthwise && s.Channels == 13);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GeneratedKernelMatchesReference(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        foreach (string path in KernelPaths.Available)
        {
            if (path == KernelPaths.Generic)
            {
                continue;
            }

            foreach (int batch in new[] { 1, 3 })
            {
                var (input, weights, bias, packed) = Data(kernel, batch, seed: name.GetHashCode(StringComparison.Ordinal) ^ batch);
                using (KernelPaths.Enter(path))
                {
                    float[] output = Written(kernel.Shape, batch, o => kernel.Forward(input, packed, bias, o, batch), $"{name} ({path})");
                    ConvolutionAssert.Close(kernel.Shape, input, weights, bias, output, batch, $"{name} ({path})");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ForcedGenericFallbackMatchesReference(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        const int batch = 2;
        var (input, weights, bias, packed) = Data(kernel, batch, seed: 7);
        float[] output;
        using (KernelDispatch.ForceGeneric())
        {
            Assert.True(KernelDispatch.GenericForced);
            output = Written(kernel.Shape, batch, o => kernel.Forward(input, packed, bias, o, batch), name + " (forced generic fallback)");
        }

        Assert.False(KernelDispatch.GenericForced);
        ConvolutionAssert.Close(kernel.Shape, input, weights, bias, output, batch, name + " (forced generic fallback)");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GenericKernelOnHwioWeightsMatchesReference(string name)
    {
        Conv2DShape shape = GeneratedKernels.Get(name).Shape;
        const int batch = 2;
        var input = TestData.Uniform(batch * shape.InputImageLength, 11);
        var weights = TestData.Uniform(shape.WeightLength, 12);
        var bias = shape.UseBias ? TestData.Uniform(shape.Filters, 13) : Array.Empty<float>();
        float[] output = Written(shape, batch, o =>
        {
            if (shape.Depthwise)
            {
                GenericDepthwiseConv2D.Forward(shape, input, weights, shape.Channels, bias, o, batch);
            }
            else
            {
                GenericConv2D.Forward(shape, input, weights, bias, o, batch);
            }
        }, name + " (generic)");

        ConvolutionAssert.Close(shape, input, weights, bias, output, batch, name + " (generic)");
    }

    public static TheoryData<string> ResidualKernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All.Where(k => k.Kernel is IConv2DResidualKernel))
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    [Fact]
    public void NetworksDeclareSliceWritersAndResidualEpilogues()
    {
        // The Inception block's three branch ends write into the 8-channel concatenation; the residual blocks' last
        // convolutions (plain, and folded with batch normalisation) carry the Add.
        Assert.Equal(new[] { 8, 8, 8 }, new[] { "TinyInception.Conv2d", "TinyInception.Conv2d2", "TinyInception.Conv2d3" }.Select(n => GeneratedKernels.Get(n).Shape.OutputPixelStride).ToArray());
        Assert.Equal(new[] { 3, 3, 2 }, new[] { "TinyInception.Conv2d", "TinyInception.Conv2d2", "TinyInception.Conv2d3" }.Select(n => GeneratedKernels.Get(n).Shape.Filters).ToArray());
        Assert.False(GeneratedKernels.Get("TinyInception.Conv2d1").Shape.WritesSlice);
        Assert.IsAssignableFrom<IConv2DResidualKernel>(GeneratedKernels.Get("TinyResNet.Conv2d6"));
        Assert.IsAssignableFrom<IConv2DResidualKernel>(GeneratedKernels.Get("TinyResNet.Conv2d3Folded"));
        Assert.Equal(Activation.Relu, ((IConv2DResidualKernel)GeneratedKernels.Get("TinyResNet.Conv2d6")).ResidualActivation);
    }

    [Theory]
    [MemberData(nameof(ResidualKernels))]
    public void ResidualEpilogueMatchesReferencePlusResidual(string name)
    {
        var kernel = (IConv2DResidualKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        foreach (string path in KernelPaths.Available)
        {
            foreach (int batch in new[] { 1, 3 })
            {
                var (input, weights, bias, packed) = Data(kernel, batch, seed: batch + 40);
                float[] residual = TestData.Uniform(batch * s.OutputImageLength, batch + 50);
                var output = new float[batch * s.OutputImageLength + 8];
                Array.Fill(output, Sentinel);
                using (KernelPaths.Enter(path))
                {
                    kernel.ForwardResidual(input, packed, bias, residual, output, batch);
                }

                Assert.All(output.Skip(batch * s.OutputImageLength), v => Assert.Equal(Sentinel, v));
                ConvolutionAssert.CloseResidual(s, input, weights, bias, residual, kernel.ResidualActivation, output, batch, $"{name} (residual, {path})");
            }
        }
    }

    private const float Sentinel = 12345f;

    /// <summary>
    /// Runs a forward call on a buffer laid out as the kernel writes it (a channel slice of a wider tensor for slice
    /// writers, at an offset), asserts that nothing outside its channels was written, and returns the dense output.
    /// </summary>
    internal static float[] Written(in Conv2DShape s, int batch, OutputWriter write, string what)
    {
        int pixels = batch * s.OutputHeight * s.OutputWidth;
        int offset = s.WritesSlice ? s.OutputPixelStride - s.Filters : 0;
        var buffer = new float[offset + pixels * s.OutputPixelStride + 16];
        Array.Fill(buffer, Sentinel);
        write(buffer.AsSpan(offset));
        var dense = new float[pixels * s.Filters];
        var inside = new bool[buffer.Length];
        for (int p = 0; p < pixels; p++)
        {
            for (int c = 0; c < s.Filters; c++)
            {
                dense[p * s.Filters + c] = buffer[offset + p * s.OutputPixelStride + c];
                inside[offset + p * s.OutputPixelStride + c] = true;
            }
        }

        for (int i = 0; i < buffer.Length; i++)
        {
            Assert.True(inside[i] ? buffer[i] != Sentinel : buffer[i] == Sentinel, $"{what}: float {i} of the output buffer {(inside[i] ? "was not written" : "was written outside the kernel's channels")}.");
        }

        return dense;
    }

    internal delegate void OutputWriter(Span<float> output);

    [Fact]
    public void KernelWritesNothingPastTheBatch()
    {
        IConv2DKernel kernel = GeneratedKernels.Get("K21Tail70");
        var (input, _, bias, packed) = Data(kernel, 1, seed: 3);
        var output = new float[kernel.Shape.OutputImageLength + 64];
        Array.Fill(output, 12345f);
        kernel.Forward(input, packed, bias, output, 1);
        Assert.All(output.Skip(kernel.Shape.OutputImageLength), v => Assert.Equal(12345f, v));
        Assert.DoesNotContain(12345f, output.Take(kernel.Shape.OutputImageLength));
    }

    [Fact]
    public void WrongBufferSizesNameExpectedAndActual()
    {
        IConv2DKernel kernel = GeneratedKernels.Get("K09Odd3To5Valid");
        Conv2DShape s = kernel.Shape;
        var packed = new float[kernel.PackedWeightLength];
        var bias = new float[s.Filters];
        var ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[s.InputImageLength * 2 - 1], packed, bias, new float[s.OutputImageLength * 2], 2));
        Assert.Contains($"input holds {s.InputImageLength * 2 - 1} floats", ex.Message);
        Assert.Contains($"needs {s.InputImageLength * 2}", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[s.InputImageLength], packed, new float[s.Filters + 1], new float[s.OutputImageLength], 1));
        Assert.Contains("bias holds 6 floats", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[s.InputImageLength], new float[1], bias, new float[s.OutputImageLength], 1));
        Assert.Contains($"needs exactly {kernel.PackedWeightLength}", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Forward(default, packed, bias, default, -1));
    }

    internal static (float[] Input, float[] Weights, float[] Bias, float[] Packed) Data(IConv2DKernel kernel, int batch, int seed)
    {
        Conv2DShape s = kernel.Shape;
        var input = TestData.Uniform(batch * s.InputImageLength, seed);
        var weights = TestData.Uniform(s.WeightLength, seed + 1);
        var bias = s.UseBias ? TestData.Uniform(s.Filters, seed + 2) : Array.Empty<float>();
        var packed = new float[kernel.PackedWeightLength];
        kernel.PackWeights(weights, packed);
        return (input, weights, bias, packed);
    }
}
