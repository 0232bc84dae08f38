using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace ConvGen.Benchmarks;

/// <summary>
/// The stride-1 3×3 shapes the generator computes with Winograd (2×2 or 4×4 output tiles): the Winograd kernel against the
/// direct convolution of the same shape (declared <c>Winograd = false</c>: a Winograd kernel has no direct code), both on the
/// widest vectors, at 1 and 2 threads. GFLOP/s counts direct-convolution FLOPs for both, so the ratio is the speed-up.
/// (ConvForward's Vector512/Vector256 rows are the Winograd kernels.)
/// </summary>
public class WinogradForward
{
    private BenchmarkShape _s = null!;
    private AlignedBuffer _input = null!, _output = null!;
    private float[] _bias = null!;
    private AlignedBuffer _packed = null!, _directPacked = null!;
    private ParallelConvolution _winograd = null!, _direct = null!;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The selected shapes that are regular stride-1 3×3 convolutions with at least 16 channels.</summary>
    public static IEnumerable<string> Shapes => BenchmarkShape.Selected.Where(n => BenchmarkShape.Get(n).Direct is not null);

    [GlobalSetup]
    public void Setup()
    {
        _s = BenchmarkShape.Get(Shape);
        IConv2DKernel k = _s.Kernel;
        var buffers = new ConvBuffers(_s);
        (_input, _bias, _packed, _output) = (buffers.Input, buffers.Bias, buffers.Packed, buffers.Output);
        IConv2DKernel d = _s.Direct!;
        _directPacked = new AlignedBuffer(d.PackedWeightLength);
        d.PackWeights(buffers.Weights, _directPacked);
        _winograd = new ParallelConvolution(k, Threads, KernelPath.Widest);
        _direct = new ParallelConvolution(d, Threads, KernelPath.Widest);
        var direct = new float[_output.Length];
        _direct.Forward(_input, _directPacked, _bias, direct, _s.Batch);
        _winograd.Forward(_input, _packed, _bias, _output, _s.Batch);
        Data.AssertClose(_output, direct, $"{Shape} Winograd vs direct");
    }

    [Benchmark(Description = "Winograd")]
    public void Winograd() => _winograd.Forward(_input, _packed, _bias, _output, _s.Batch);

    [Benchmark(Description = "Direct", Baseline = true)]
    public void Direct() => _direct.Forward(_input, _directPacked, _bias, _output, _s.Batch);

    [GlobalCleanup]
    public void Cleanup()
    {
        _winograd.Dispose();
        _direct.Dispose();
    }
}
