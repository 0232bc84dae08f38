using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Benchmarks;

/// <summary>
/// One benchmark shape (bias, no activation: what the peers' single-Conv models compute; stride 1 and 'same' but for
/// the ResNet stem's 7×7 stride 2 with explicit pads), its generated kernel — declared below through the public
/// <c>[Conv2DKernel]</c> API, which holds the geometry (stride, padding) — and its FLOP count, 2·N·Cout·Hout·Wout·Cin·k²/groups
/// (the output's size: a stride-2 convolution does a quarter of a stride-1 one's work).
/// </summary>
public sealed record BenchmarkShape(string Name, int Batch, int Channels, int Filters, int Height, int KernelSize, bool Depthwise, IConv2DKernel Kernel)
{
    /// <summary>
    /// For the shapes the generator computes with Winograd (whose kernels have no direct code), the same convolution
    /// declared <c>Winograd = false</c>: <see cref="WinogradForward"/>'s baseline.
    /// </summary>
    public IConv2DKernel? Direct { get; init; }

    public int Width => Height;

    /// <summary>The kernel's geometry: stride, padding and output size.</summary>
    public Conv2DShape Geometry => Kernel.Shape;

    public double Flops => (double)Batch * Geometry.FlopsPerImage;

    /// <summary>The shapes of the peers' table (../shared/reference-figures.md), in its order.</summary>
    public static IReadOnlyList<BenchmarkShape> All { get; } = new[]
    {
        new BenchmarkShape("seed_conv1", 64, 1, 32, 28, 3, false, SeedConv1.Kernel),
        new BenchmarkShape("seed_conv2", 64, 32, 64, 14, 3, false, SeedConv2.Kernel) { Direct = SeedConv2Direct.Kernel },
        new BenchmarkShape("seed_conv3", 64, 64, 128, 7, 3, false, SeedConv3.Kernel) { Direct = SeedConv3Direct.Kernel },
        new BenchmarkShape("seed_1x1", 64, 128, 32, 7, 1, false, Seed1x1.Kernel),
        new BenchmarkShape("seed_small1x1", 1, 16, 8, 28, 1, false, SeedSmall1x1.Kernel),
        new BenchmarkShape("incep_1x1", 8, 192, 64, 28, 1, false, Incep1x1.Kernel),
        new BenchmarkShape("incep_3x3", 8, 96, 128, 28, 3, false, Incep3x3.Kernel) { Direct = Incep3x3Direct.Kernel },
        new BenchmarkShape("res_reduce", 8, 256, 64, 56, 1, false, ResReduce.Kernel),
        new BenchmarkShape("res_3x3", 8, 64, 64, 56, 3, false, Res3x3.Kernel) { Direct = Res3x3Direct.Kernel },
        new BenchmarkShape("res_expand", 8, 64, 256, 56, 1, false, ResExpand.Kernel),
        new BenchmarkShape("mb_dw3x3", 8, 128, 128, 56, 3, true, MbDepthwise3x3.Kernel),
        new BenchmarkShape("mb_pw", 8, 128, 128, 56, 1, false, MbPointwise.Kernel),
        new BenchmarkShape("incep_5x5", 8, 16, 32, 28, 5, false, Incep5x5.Kernel),
        new BenchmarkShape("res_stem7x7", 8, 3, 64, 224, 7, false, ResStem7x7.Kernel),
    };

    /// <summary>The shapes a run covers: all, or with <c>CONVGEN_BENCH_SHAPES</c> (comma-separated names) a subset.</summary>
    public static IEnumerable<string> Selected
    {
        get
        {
            string? only = Environment.GetEnvironmentVariable("CONVGEN_BENCH_SHAPES");
            return string.IsNullOrWhiteSpace(only)
                ? All.Select(s => s.Name)
                : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    public static BenchmarkShape Get(string name)
    {
        BenchmarkShape s = All.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"No benchmark shape '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
        Conv2DShape g = s.Geometry;
        if (g.Channels != s.Channels || g.Filters != s.Filters || g.Height != s.Height || g.Width != s.Width || g.KernelSize != s.KernelSize || g.Depthwise != s.Depthwise)
        {
            throw new InvalidOperationException($"Benchmark shape {name} says {s.Height}x{s.Width}x{s.Channels} -> {s.Filters}, {s.KernelSize}x{s.KernelSize}, but its kernel is {g}.");
        }

        return s;
    }

    public override string ToString() => Name;
}

[Conv2DKernel(28, 28, 1, 32, 3, Padding = Padding.Same)]
public static partial class SeedConv1 { }

[Conv2DKernel(14, 14, 32, 64, 3, Padding = Padding.Same)]
public static partial class SeedConv2 { }

[Conv2DKernel(7, 7, 64, 128, 3, Padding = Padding.Same)]
public static partial class SeedConv3 { }

[Conv2DKernel(7, 7, 128, 32, 1, Padding = Padding.Same)]
public static partial class Seed1x1 { }

[Conv2DKernel(28, 28, 16, 8, 1, Padding = Padding.Same)]
public static partial class SeedSmall1x1 { }

[Conv2DKernel(28, 28, 192, 64, 1, Padding = Padding.Same)]
public static partial class Incep1x1 { }

[Conv2DKernel(28, 28, 96, 128, 3, Padding = Padding.Same)]
public static partial class Incep3x3 { }

[Conv2DKernel(56, 56, 256, 64, 1, Padding = Padding.Same)]
public static partial class ResReduce { }

[Conv2DKernel(56, 56, 64, 64, 3, Padding = Padding.Same)]
public static partial class Res3x3 { }

[Conv2DKernel(56, 56, 64, 256, 1, Padding = Padding.Same)]
public static partial class ResExpand { }

[DepthwiseConv2DKernel(56, 56, 128, 3, Padding = Padding.Same)]
public static partial class MbDepthwise3x3 { }

[Conv2DKernel(56, 56, 128, 128, 1, Padding = Padding.Same)]
public static partial class MbPointwise { }

// Issue 22: an Inception 5x5 branch after its 1x1 reduction, and the ResNet stem (PyTorch's Conv2d(3, 64, 7, stride=2,
// padding=3) on 224x224, whose last padded row and column are never read: pads top/left 3, bottom/right 2).
[Conv2DKernel(28, 28, 16, 32, 5, Padding = Padding.Same)]
public static partial class Incep5x5 { }

[Conv2DKernel(224, 224, 3, 64, 7, Strides = 2, Pads = new[] { 3, 3, 2, 2 })]
public static partial class ResStem7x7 { }

[Conv2DKernel(14, 14, 32, 64, 3, Padding = Padding.Same, Winograd = false)]
public static partial class SeedConv2Direct { }

[Conv2DKernel(7, 7, 64, 128, 3, Padding = Padding.Same, Winograd = false)]
public static partial class SeedConv3Direct { }

[Conv2DKernel(28, 28, 96, 128, 3, Padding = Padding.Same, Winograd = false)]
public static partial class Incep3x3Direct { }

[Conv2DKernel(56, 56, 64, 64, 3, Padding = Padding.Same, Winograd = false)]
public static partial class Res3x3Direct { }
