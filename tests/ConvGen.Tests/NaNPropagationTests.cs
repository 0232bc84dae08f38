using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Issue 21, NaN policy: a fused ReLU or ReLU6 propagates NaN, as Keras and PyTorch do, on the generated kernels'
/// 512-bit and 256-bit code (direct, Winograd and depthwise). x86's max and min return their second operand when
/// either is NaN, so the generated code passes the value second: <c>MaxNative(zero, x)</c>.
/// </summary>
public class NaNPropagationTests
{
    public static TheoryData<string> RectifiedKernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All.Where(k => k.Kernel.Shape.Activation is Activation.Relu or Activation.Relu6))
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    [Fact]
    public void TheRectifiedKernelsCoverEveryFamily()
    {
        var shapes = GeneratedKernels.All.Select(k => k.Kernel.Shape).Where(s => s.Activation is Activation.Relu or Activation.Relu6).ToList();
        Assert.Contains(shapes, s => s.Activation == Activation.Relu6);
        Assert.Contains(shapes, s => s.Depthwise);
        Assert.Contains(shapes, s => !s.Depthwise && s.KernelSize == 3 && s.Stride == 1);
        Assert.Contains(shapes, s => s.KernelSize == 1);
    }

    [Theory]
    [MemberData(nameof(RectifiedKernels))]
    public void ANaNPixelGivesNaNOutputsOnEveryVectorPath(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        foreach (string path in Paths())
        {
            var (input, _, bias, packed) = ForwardKernelTests.Data(kernel, 1, seed: 21);
            input[0] = float.NaN;
            float[] output = Run(kernel, input, packed, bias, path);

            // Output pixel (0, 0) reads input pixel (0, 0) whatever the padding and stride: every filter that reads
            // channel 0 (all of them; the depthwise filter 0 only) is NaN.
            int nanFilters = s.Depthwise ? 1 : s.Filters;
            for (int f = 0; f < nanFilters; f++)
            {
                Assert.True(float.IsNaN(output[f]), $"{name} ({path}): a NaN pixel gave {output[f]} in filter {f} of output pixel 0");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RectifiedKernels))]
    public void ANaNWeightGivesNaNOutputsOnEveryVectorPath(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        if (s.Height < s.KernelSize + 1 || s.Width < s.KernelSize + 1)
        {
            return; // the first tap may only ever read padding
        }

        foreach (string path in Paths())
        {
            var (input, weights, bias, _) = ForwardKernelTests.Data(kernel, 1, seed: 22);
            weights[0] = float.NaN; // tap (0, 0), channel 0, filter 0
            var packed = new float[kernel.PackedWeightLength];
            kernel.PackWeights(weights, packed);
            float[] output = Run(kernel, input, packed, bias, path);
            Assert.True(output.Any(float.IsNaN), $"{name} ({path}): a NaN weight gave no NaN output");
        }
    }

    // The vector paths (a kernel that may run Winograd runs it: forcing direct code would run the generic kernel).
    private static IEnumerable<string> Paths() => KernelPaths.Available.Where(p => p != KernelPaths.Generic);

    private static float[] Run(IConv2DKernel kernel, float[] input, float[] packed, float[] bias, string path)
    {
        using (KernelPaths.Enter(path))
        {
            return ForwardKernelTests.Written(kernel.Shape, 1, o => kernel.Forward(input, packed, bias, o, 1), kernel.Shape.ToString());
        }
    }
}
