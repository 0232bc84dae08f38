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

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GeneratedKernelMatchesReference(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        foreach (int batch in new[] { 1, 3 })
        {
            var (input, weights, bias, packed) = Data(kernel, batch, seed: name.GetHashCode(StringComparison.Ordinal) ^ batch);
            var output = new float[batch * kernel.Shape.OutputImageLength];
            kernel.Forward(input, packed, bias, output, batch);
            ConvolutionAssert.Close(kernel.Shape, input, weights, bias, output, batch, name + " (generated)");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ForcedGenericFallbackMatchesReference(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        const int batch = 2;
        var (input, weights, bias, packed) = Data(kernel, batch, seed: 7);
        var output = new float[batch * kernel.Shape.OutputImageLength];
        using (KernelDispatch.ForceGeneric())
        {
            Assert.True(KernelDispatch.GenericForced);
            kernel.Forward(input, packed, bias, output, batch);
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
        var output = new float[batch * shape.OutputImageLength];
        if (shape.Depthwise)
        {
            GenericDepthwiseConv2D.Forward(shape, input, weights, shape.Channels, bias, output, batch);
        }
        else
        {
            GenericConv2D.Forward(shape, input, weights, bias, output, batch);
        }

        ConvolutionAssert.Close(shape, input, weights, bias, output, batch, name + " (generic)");
    }

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
