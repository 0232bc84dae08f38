using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.__Internals;
using ConvGen.Tests.Declarations;
using ConvGen.Tests.Training;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests;

/// <summary>
/// The Winograd F(2x2, 3x3) and F(4x4, 3x3) kernels: where the generator chooses them and which tile size, their results on both widths against the
/// double-precision reference (under the same bound as the direct kernels), their direct fallback, allocation, and
/// gradients of networks whose forward pass runs them.
/// </summary>
public class WinogradTests
{
    private readonly ITestOutputHelper _output;

    public WinogradTests(ITestOutputHelper output) => _output = output;

    public static bool HasWinograd(Type kernelClass) =>
        kernelClass.GetNestedType("Avx2WinogradKernel", BindingFlags.NonPublic) is not null &&
        kernelClass.GetNestedType("Avx512WinogradKernel", BindingFlags.NonPublic) is not null;

    public static bool HasWinogradInputGradient(Type kernelClass) =>
        kernelClass.GetNestedType("Avx2BackwardDataWinogradKernel", BindingFlags.NonPublic) is not null &&
        kernelClass.GetNestedType("Avx512BackwardDataWinogradKernel", BindingFlags.NonPublic) is not null;

    public static bool HasWinogradWeightGradient(Type kernelClass) =>
        kernelClass.GetNestedType("Avx2WeightGradientWinogradKernel", BindingFlags.NonPublic) is not null &&
        kernelClass.GetNestedType("Avx512WeightGradientWinogradKernel", BindingFlags.NonPublic) is not null;

    public static TheoryData<string> WeightGradientKernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All.Where(k => HasWinogradWeightGradient(k.Type)))
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    public static TheoryData<string> InputGradientKernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All.Where(k => HasWinogradInputGradient(k.Type)))
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in GeneratedKernels.All.Where(k => HasWinograd(k.Type)))
        {
            data.Add(kernel.Name);
        }

        return data;
    }

    [Fact]
    public void WinogradIsChosenForStride1ThreeByThreeLayersWhereItWins()
    {
        string[] chosen = GeneratedKernels.All.Where(k => HasWinograd(k.Type)).Select(k => k.Name).ToArray();
        Assert.Equal(
            new[]
            {
                "K02Seed2", "K03Seed3", "K07Incep3x3", "K32ChunkedValid", "K33Large512",
                "W01OddSizesHalfVectors", "W02ValidNoBias", "WinogradBlock.Conv2d", "WinogradBlock.Conv2d2",
            },
            chosen.OrderBy(n => n, StringComparer.Ordinal).ToArray());

        // Not chosen: opted out; a 3x3 image whose four 2x2 tiles would cost more products than the direct taps; fewer
        // than 16 channels (K19, K29); channel counts not a multiple of 8 (K21: 70 filters); 5x5 images (K30: 0.85 of the products).
        foreach (string name in new[] { "W03OptedOut", "W04TooSmallToWin", "K19Large56", "K29OneVectorWideTile", "K21Tail70", "K30ManyBlocks" })
        {
            Assert.DoesNotContain(name, chosen);
        }

        Assert.All(chosen, n => Assert.True(GeneratedKernels.Get(n).Shape is { KernelSize: 3, Stride: 1 }, n));
    }

    [Fact]
    public void InputGradientsOfSameStride1LayersUseWinogradWhereTheirBackwardConvolutionQualifies()
    {
        // The input gradient is the filters -> channels convolution of the output gradient with the flipped kernel:
        // Winograd when that convolution qualifies ('same' layers only; 'valid' ones pad it by 2) and the layer has one.
        string[] chosen = GeneratedKernels.All.Where(k => HasWinogradInputGradient(k.Type)).Select(k => k.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[] { "K02Seed2", "K03Seed3", "K07Incep3x3", "K33Large512", "W01OddSizesHalfVectors", "WinogradBlock.Conv2d2" },
            chosen);
        Assert.IsNotAssignableFrom<IConv2DInputGradientKernel>(GeneratedKernels.Get("WinogradBlock.Conv2d"));

        // The seed model's 3x3 layers are the standalone K02 and K03: one kernel each, shared.
        Assert.Same(GeneratedKernels.Get("K02Seed2"), GeneratedKernels.Get("SeedModel.Conv2d1"));
        Assert.Same(GeneratedKernels.Get("K03Seed3"), GeneratedKernels.Get("SeedModel.Conv2d2"));
    }

    /// <summary>The output tile size of a kernel class's Winograd code (its nested class's constant), 0 without one.</summary>
    public static int TileSize(Type kernelClass, string kind = "Winograd") =>
        kernelClass.GetNestedType($"Avx512{kind}Kernel", BindingFlags.NonPublic)?.GetField("TileSize", BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() is int m ? m : 0;

    [Fact]
    public void FourByFourTilesWhereTheySaveAThirdOfTheProducts()
    {
        // F(4x4, 3x3) where its products are at most 0.65 of F(2x2, 3x3)'s: 7x7, 8x8, 28x28 and W02's 8x11 outputs
        // (0.56). 14x14 (0.73: the 4x4 tiles cover 16x16), W01's 9x11 (0.68), 6x6 (a tie) and 2x2 outputs keep 2x2 tiles.
        // A layer's three passes use the same tile size.
        var expected = new Dictionary<string, int>
        {
            ["K02Seed2"] = 2, ["K03Seed3"] = 4, ["K07Incep3x3"] = 4, ["K32ChunkedValid"] = 2, ["K33Large512"] = 4,
            ["W01OddSizesHalfVectors"] = 2, ["W02ValidNoBias"] = 4,
            ["WinogradBlock.Conv2d"] = 2, ["WinogradBlock.Conv2d2"] = 2,
        };
        foreach (var (name, type, _) in GeneratedKernels.All.Where(k => HasWinograd(k.Type)))
        {
            Assert.True(expected.TryGetValue(name, out int m), name);
            Assert.Equal(m, TileSize(type));
            Assert.Equal(HasWinogradInputGradient(type) ? m : 0, TileSize(type, "BackwardDataWinograd"));
            Assert.Equal(HasWinogradWeightGradient(type) ? m : 0, TileSize(type, "WeightGradientWinograd"));
        }

        Assert.Equal(expected.Count, GeneratedKernels.All.Count(k => HasWinograd(k.Type)));
    }

    [Fact]
    public void WeightGradientsUseWinogradWhereTheySaveEnough()
    {
        // Layers with a Winograd forward pass whose products are at most 0.6 of the direct ones: W01's 9x11 (2x2 tiles,
        // 0.62) keeps the direct weight gradient; 7x7 images qualify with 4x4 tiles (0.40). Among those chosen, K32 pads
        // its 200 channels to 208 at 512 bits, W02 has an odd output width and 24 filters.
        string[] chosen = GeneratedKernels.All.Where(k => HasWinogradWeightGradient(k.Type)).Select(k => k.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[] { "K02Seed2", "K03Seed3", "K07Incep3x3", "K32ChunkedValid", "K33Large512", "W02ValidNoBias", "WinogradBlock.Conv2d", "WinogradBlock.Conv2d2" },
            chosen);
        Assert.All(chosen, n => Assert.True(HasWinograd(GeneratedKernels.TypeOf(n)), n));
        Assert.DoesNotContain("W01OddSizesHalfVectors", chosen);
    }

    [Theory]
    [MemberData(nameof(WeightGradientKernels))]
    public void WinogradWeightGradientMatchesReferenceOnBothWidths(string name)
    {
        var kernel = (IConv2DWeightGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        foreach (string path in KernelPaths.Available.Where(p => p != KernelPaths.Generic))
        {
            // Batch 5 crosses bands, and images inside a band; the last band is partly used.
            foreach (int batch in new[] { 1, 5 })
            {
                float[] input = TestData.Uniform(batch * s.InputImageLength, 80 + batch);
                float[] gradOutput = TestData.Uniform(batch * s.OutputImageLength, 90 + batch);
                var winograd = new float[s.WeightLength + 16];
                var direct = new float[winograd.Length];
                Array.Fill(winograd, float.NaN);
                Array.Fill(direct, float.NaN);
                using (KernelPaths.Enter(path))
                {
                    kernel.BackwardWeights(input, gradOutput, winograd.AsSpan(0, s.WeightLength), batch);
                    using (KernelDispatch.ForceDirect())
                    {
                        kernel.BackwardWeights(input, gradOutput, direct.AsSpan(0, s.WeightLength), batch);
                    }
                }

                Assert.All(winograd.Skip(s.WeightLength), v => Assert.True(float.IsNaN(v), "written past the weights"));
                var expected = new float[s.WeightLength];
                ReferenceConv2D.BackwardWeights(s, input, gradOutput, expected, batch);
                var magnitude = new float[expected.Length];
                ReferenceConv2D.BackwardWeights(s, TestData.Abs(input), TestData.Abs(gradOutput), magnitude, batch);
                BackwardKernelTests.AssertClose(expected, magnitude, winograd.Take(expected.Length).ToArray(), $"{name} dW (Winograd, {path}, batch {batch})");
                BackwardKernelTests.AssertClose(expected, magnitude, direct.Take(expected.Length).ToArray(), $"{name} dW (direct, {path}, batch {batch})");
                Assert.True(winograd.Zip(direct).Take(expected.Length).Any(p => p.First != p.Second), $"{name} ({path}): the Winograd and direct weight gradients are identical");
            }
        }
    }

    // G of F(2x2, 3x3) and of F(4x4, 3x3) (Lavin and Gray), in double precision.
    private static double[,] G(int tileSize) => tileSize == 2
        ? new double[,] { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } }
        : new double[,] { { 0.25, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 }, { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 } };

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void WeightGradientIsGTransposedDuG(int tileSize)
    {
        // 3 channels (padded to 8) x 27 filters (16 with 512-bit vectors where the CPU has them, 8 with 256-bit ones, 3
        // one by one): dg[a][b] = Σ G[i][a] dU[i][j] G[j][b] against a double-precision computation; the padded rows of
        // dU are ignored.
        const int channels = 3, padded = 8, filters = 27;
        int alpha = tileSize + 2, points = alpha * alpha;
        float[] du = TestData.Uniform(points * padded * filters, 5);
        var dg = new float[9 * channels * filters];
        WinogradWeights.GradientToHwio(du, dg, channels, padded, filters, tileSize);
        double[,] G = WinogradTests.G(tileSize);
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int k = 0; k < filters; k++)
                    {
                        double expected = 0;
                        for (int point = 0; point < points; point++)
                        {
                            expected += G[point / alpha, a] * du[(point * padded + c) * filters + k] * G[point % alpha, b];
                        }

                        Assert.True(Math.Abs(expected - dg[((a * 3 + b) * channels + c) * filters + k]) <= 4e-6, $"dg[{a}][{b}][{c}][{k}]: expected {expected:G9}, actual {dg[((a * 3 + b) * channels + c) * filters + k]:G9}");
                    }
                }
            }
        }
    }

    [Vector256Fact]
    public void WinogradWeightGradientAllocatesNothingAfterItsFirstCallOnAThread()
    {
        var kernel = (IConv2DWeightGradientKernel)K07Incep3x3.Kernel;
        Conv2DShape s = kernel.Shape;
        float[] input = TestData.Uniform(2 * s.InputImageLength, 1);
        float[] gradOutput = TestData.Uniform(2 * s.OutputImageLength, 2);
        var dw = new float[s.WeightLength];
        kernel.BackwardWeights(input, gradOutput, dw, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        kernel.BackwardWeights(input, gradOutput, dw, 2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(InputGradientKernels))]
    public void WinogradInputGradientMatchesReferenceOnBothWidths(string name)
    {
        var kernel = (IConv2DInputGradientKernel)GeneratedKernels.Get(name);
        Conv2DShape s = kernel.Shape;
        var packed = new float[kernel.BackwardDataPackedWeightLength];
        foreach (string path in KernelPaths.Available.Where(p => p != KernelPaths.Generic))
        {
            foreach (int batch in new[] { 1, 5 })
            {
                float[] weights = TestData.Uniform(s.WeightLength, 60 + batch);
                float[] gradOutput = TestData.Uniform(batch * s.OutputImageLength, 70 + batch);
                kernel.PackBackwardDataWeights(weights, packed);
                var winograd = new float[batch * s.InputImageLength + 16];
                var direct = new float[winograd.Length];
                Array.Fill(winograd, float.NaN);
                Array.Fill(direct, float.NaN);
                using (KernelPaths.Enter(path))
                {
                    kernel.BackwardData(gradOutput, packed, winograd.AsSpan(0, batch * s.InputImageLength), default, batch);
                    using (KernelDispatch.ForceDirect())
                    {
                        kernel.BackwardData(gradOutput, packed, direct.AsSpan(0, batch * s.InputImageLength), default, batch);
                    }
                }

                Assert.All(winograd.Skip(batch * s.InputImageLength), v => Assert.True(float.IsNaN(v), "written past the batch"));
                var expected = new float[batch * s.InputImageLength];
                ReferenceConv2D.BackwardData(s, gradOutput, weights, expected, batch);
                var magnitude = new float[expected.Length];
                ReferenceConv2D.BackwardData(s, TestData.Abs(gradOutput), TestData.Abs(weights), magnitude, batch);
                BackwardKernelTests.AssertClose(expected, magnitude, winograd.Take(expected.Length).ToArray(), $"{name} dX (Winograd, {path}, batch {batch})");
                BackwardKernelTests.AssertClose(expected, magnitude, direct.Take(expected.Length).ToArray(), $"{name} dX (direct, {path}, batch {batch})");
                Assert.True(winograd.Zip(direct).Take(expected.Length).Any(p => p.First != p.Second), $"{name} ({path}): the Winograd and direct input gradients are identical");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void WinogradMatchesReferenceOnBothWidths(string name)
    {
        IConv2DKernel kernel = GeneratedKernels.Get(name);
        foreach (string path in KernelPaths.Available.Where(p => p != KernelPaths.Generic))
        {
            // Batch 5 crosses bands, and images inside a band.
            foreach (int batch in new[] { 1, 5 })
            {
                var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, batch, seed: 100 + batch);
                float[] winograd, direct;
                using (KernelPaths.Enter(path))
                {
                    Assert.True(KernelDispatch.WinogradEnabled);
                    winograd = ForwardKernelTests.Written(kernel.Shape, batch, o => kernel.Forward(input, packed, bias, o, batch), $"{name} (Winograd, {path})");
                    using (KernelDispatch.ForceDirect())
                    {
                        Assert.False(KernelDispatch.WinogradEnabled);
                        direct = ForwardKernelTests.Written(kernel.Shape, batch, o => kernel.Forward(input, packed, bias, o, batch), $"{name} (direct, {path})");
                    }
                }

                double winogradError = ConvolutionAssert.MaxRelativeError(kernel.Shape, input, weights, bias, winograd, batch);
                double directError = ConvolutionAssert.MaxRelativeError(kernel.Shape, input, weights, bias, direct, batch);
                _output.WriteLine($"{name} {path} batch {batch}: max relative error Winograd {winogradError:E2}, direct {directError:E2}");
                Assert.True(winogradError <= ConvolutionAssert.Tolerance, $"{name} (Winograd, {path}), batch {batch}: max relative error {winogradError:E2}");
                Assert.True(directError <= ConvolutionAssert.Tolerance, $"{name} (direct, {path}), batch {batch}: max relative error {directError:E2}");

                // The two paths round differently: equal outputs would mean the Winograd code did not run.
                Assert.True(winograd.Zip(direct).Any(p => p.First != p.Second), $"{name} ({path}): the Winograd and direct outputs are identical");
            }
        }
    }

    [Fact]
    public void WinogradErrorStaysWithinTheDirectBoundOnTheLargestReduction()
    {
        // 512 input channels: 4,608 products per output, with 4x4 tiles (8x8 images). The bound (1e-5 of the sum of the
        // products' magnitudes) is the one every direct kernel meets; Winograd's transforms add a few roundings per
        // product and a constant factor (F(4x4, 3x3): up to 5 in Bᵀ, 8 in Aᵀ, sums of up to 6 terms; measured 3e-6
        // here, against 2e-7 for the direct kernel), not a factor growing with the
        // channel count.
        IConv2DKernel kernel = K33Large512.Kernel;
        var (input, weights, bias, packed) = ForwardKernelTests.Data(kernel, 2, seed: 5);
        var output = new float[2 * kernel.Shape.OutputImageLength];
        kernel.Forward(input, packed, bias, output, 2);
        double error = ConvolutionAssert.MaxRelativeError(kernel.Shape, input, weights, bias, output, 2);
        _output.WriteLine($"K33Large512 ({KernelDispatch.Active}): max relative error {error:E2}");
        Assert.True(error <= 1e-5, $"max relative error {error:E2}");
    }

    [Vector256Fact]
    public void WinogradAllocatesNothingAfterItsFirstCallOnAThread()
    {
        // Two kernels of different scratch sizes share the thread's buffer, the larger first.
        IConv2DKernel large = K07Incep3x3.Kernel, small = K02Seed2.Kernel;
        var (input, _, bias, packed) = ForwardKernelTests.Data(large, 2, seed: 9);
        var (smallInput, _, smallBias, smallPacked) = ForwardKernelTests.Data(small, 3, seed: 10);
        var output = new float[2 * large.Shape.OutputImageLength];
        var smallOutput = new float[3 * small.Shape.OutputImageLength];
        large.Forward(input, packed, bias, output, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        large.Forward(input, packed, bias, output, 2);
        small.Forward(smallInput, smallPacked, smallBias, smallOutput, 3);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PackedWeightsStartWithTheGenericKernelsLayoutAndHoldTheWinogradLayouts()
    {
        // The 256-bit direct layout comes first (the generic kernel reads it: blocks of the kernel's BlockWidth, 8 lanes);
        // each width's Winograd U is the transform of every channel pair packed for its 1x1 product kernel.
        Assert.Equal(Conv2DWeightPacking.PackedLength(9, 96, 128, BlockWidth("K07Incep3x3"), 8), Written(K07Incep3x3.Kernel, PackedLayouts.Vector256Direct).First);
        Assert.Equal(WinogradWeights.PackedLength(96, 128, 24, 8, tileSize: 4), Written(K07Incep3x3.Kernel, PackedLayouts.Vector256Winograd).Count);
        Assert.Equal(WinogradWeights.PackedLength(32, 64, 24, 8, tileSize: 2), Written(K02Seed2.Kernel, PackedLayouts.Vector256Winograd).Count);
        Assert.Equal(36 * 96 * 128, WinogradWeights.PackedLength(96, 128, 32, 8, tileSize: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WinogradWeights.PackedLength(96, 128, 32, 8, tileSize: 3));
        Assert.Equal(0, Written(W03OptedOut.Kernel, PackedLayouts.Vector256Winograd | PackedLayouts.Vector512Winograd).Count);
    }

    private static int BlockWidth(string name) => (int)GeneratedKernels.TypeOf(name).GetProperty("BlockWidth")!.GetValue(null)!;

    // The floats packing only `layouts` writes: where its run ends, and how many.
    private static (int First, int Count) Written(IConv2DKernel kernel, PackedLayouts layouts)
    {
        var packed = new float[kernel.PackedWeightLength];
        Array.Fill(packed, float.NaN);
        kernel.PackWeights(TestData.Uniform(kernel.Shape.WeightLength, 3), packed, layouts);
        int count = packed.Count(v => !float.IsNaN(v));
        return (count == 0 ? 0 : Array.FindLastIndex(packed, v => !float.IsNaN(v)) + 1, count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void TransformedWeightsAreGgGTransposed(int tileSize)
    {
        // 2 channels x 11 filters (8 transformed with vectors, 3 one by one), packed for 8 padded channels in one
        // 16-wide block: U = G g Gᵀ point by point against a double-precision computation; the padding is zero.
        const int channels = 2, filters = 11, padded = 8, width = 16;
        int alpha = tileSize + 2, points = alpha * alpha;
        float[] hwio = TestData.Uniform(9 * channels * filters, 3);
        var packed = new float[WinogradWeights.PackedLength(padded, filters, width, 8, tileSize)];
        Array.Fill(packed, float.NaN); // a reused buffer: its padding must be cleared
        WinogradWeights.Pack(hwio, packed, channels, filters, padded, width, 8, tileSize);
        int pointLength = packed.Length / points;
        Assert.Equal(padded * width, pointLength);
        double[,] G = WinogradTests.G(tileSize);
        for (int point = 0; point < points; point++)
        {
            for (int c = 0; c < padded; c++)
            {
                for (int k = 0; k < width; k++)
                {
                    double u = 0;
                    if (c < channels && k < filters)
                    {
                        for (int a = 0; a < 3; a++)
                        {
                            for (int b = 0; b < 3; b++)
                            {
                                u += G[point / alpha, a] * hwio[((a * 3 + b) * channels + c) * filters + k] * G[point % alpha, b];
                            }
                        }
                    }

                    Near(u, packed[point * pointLength + c * width + k]);
                }
            }
        }
    }

    // A float sum of a few products of numbers in [-1, 1]: a few ulps of 1.
    private static void Near(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6, $"expected {expected:G9}, actual {actual:G9}");

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void InputGradientWeightsAreTheTransformOfTheFlippedTransposedKernel(int tileSize)
    {
        // The input gradient convolves filters -> channels with g'[ky][kx][co][ci] = g[2-ky][2-kx][ci][co].
        const int channels = 16, filters = 24;
        int alpha = tileSize + 2, points = alpha * alpha;
        float[] hwio = TestData.Uniform(9 * channels * filters, 4);
        var packed = new float[WinogradWeights.PackedLength(filters, channels, 16, 8, tileSize)];
        Array.Fill(packed, float.NaN); // no padding here: every float is written, nothing is cleared first
        WinogradWeights.PackFlippedTransposed(hwio, packed, channels, filters, filters, 16, 8, tileSize);
        Assert.Equal(points * filters * channels, packed.Length);
        int pointLength = packed.Length / points;
        double[,] G = WinogradTests.G(tileSize);
        for (int point = 0; point < points; point++)
        {
            for (int co = 0; co < filters; co++)
            {
                for (int ci = 0; ci < channels; ci++)
                {
                    double u = 0;
                    for (int a = 0; a < 3; a++)
                    {
                        for (int b = 0; b < 3; b++)
                        {
                            u += G[point / alpha, a] * hwio[(((2 - a) * 3 + (2 - b)) * channels + ci) * filters + co] * G[point % alpha, b];
                        }
                    }

                    Near(u, packed[point * pointLength + co * 16 + ci]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientsFlowThroughWinogradLayers(int threads)
    {
        using var model = new WinogradBlock(seed: 11) { Threads = threads };
        Assert.Equal(2, model.InPlaceConcatenationInputs);
        GraphTests.CheckGradients(model, 6, 6, 16, seed: 12);
    }

    [Fact]
    public void WinogradBranchWritesItsSliceOfTheConcatenation()
    {
        using var model = new WinogradBlock(seed: 13) { Threads = 1 };
        ImageDataset data = TrainingData.Random(2, 6, 6, 16, 3, seed: 14);
        float[] merged = model.LayerOutput(data, 1, "concatenate");
        float[] input = model.LayerOutput(data, 1, "conv2d");
        Conv2DShape shape = GeneratedKernels.Get("WinogradBlock.Conv2d2").Shape;
        Assert.Equal(24, shape.OutputPixelStride);
        var kernel = new float[shape.WeightLength];
        model.Parameters.Single(p => p.Name == "conv2d_2/kernel").Value.CopyTo(kernel, 0);
        float[] bias = model.Parameters.Single(p => p.Name == "conv2d_2/bias").Value;
        var slice = new float[36 * 16];
        for (int p = 0; p < 36; p++)
        {
            Array.Copy(merged, p * 24 + 8, slice, p * 16, 16);
        }

        ConvolutionAssert.Close(shape with { OutputPixelStride = 16 }, input, kernel, bias, slice, 1, "conv2d_2's slice of the concatenation");
    }
}
