using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ConvGen.Benchmarks.Onnx;

namespace ConvGen.Benchmarks;

/// <summary>
/// One convolution's forward pass on every benchmark shape: the generated kernel's 512-bit and 256-bit code, the
/// generic kernel, and ONNX Runtime on the same shape (NCHW, its layout), at 1 and 2 threads. Every implementation's
/// output is checked against the others in the setup, so what is timed is right.
/// </summary>
public class ConvForward
{
    private BenchmarkShape _s = null!;
    private AlignedBuffer _input = null!, _output = null!;
    private float[] _bias = null!;
    private AlignedBuffer _packed = null!;
    private ParallelConvolution _wide = null!, _narrow = null!, _generic = null!;
    private OnnxConv _ort = null!;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<string> Shapes => BenchmarkShape.Selected;

    [GlobalSetup]
    public void Setup()
    {
        _s = BenchmarkShape.Get(Shape);
        IConv2DKernel k = _s.Kernel;
        Conv2DShape s = k.Shape;
        var buffers = new ConvBuffers(_s);
        (_input, _bias, _packed, _output) = (buffers.Input, buffers.Bias, buffers.Packed, buffers.Output);
        float[] weights = buffers.Weights;
        _wide = new ParallelConvolution(k, Threads, KernelPath.Widest);
        _narrow = new ParallelConvolution(k, Threads, KernelPath.Vector256);
        _generic = new ParallelConvolution(k, Threads, KernelPath.Generic);
        var nchwOut = new AlignedBuffer(_output.Length);
        _ort = new OnnxConv(_s, Threads, weights, _bias, Data.Aligned(OnnxConv.ToNchw(_input, _s.Batch, s.Height, s.Width, s.Channels)), nchwOut);

        _ort.Run();
        foreach (ParallelConvolution run in new[] { _wide, _narrow, _generic })
        {
            _output.Span.Clear();
            run.Forward(_input, _packed, _bias, _output, _s.Batch);
            Data.AssertClose(OnnxConv.ToNchw(_output, _s.Batch, s.OutputHeight, s.OutputWidth, s.Filters), nchwOut, $"{Shape} forward");
        }
    }

    [Benchmark(Description = "Vector512")]
    public void Vector512() => _wide.Forward(_input, _packed, _bias, _output, _s.Batch);

    [Benchmark(Description = "Vector256")]
    public void Vector256() => _narrow.Forward(_input, _packed, _bias, _output, _s.Batch);

    [Benchmark(Description = "Generic", Baseline = true)]
    public void Generic() => _generic.Forward(_input, _packed, _bias, _output, _s.Batch);

    [Benchmark(Description = "OnnxRuntime")]
    public void OnnxRuntime() => _ort.Run();

    [GlobalCleanup]
    public void Cleanup()
    {
        _wide.Dispose();
        _narrow.Dispose();
        _generic.Dispose();
        _ort.Dispose();
    }
}
