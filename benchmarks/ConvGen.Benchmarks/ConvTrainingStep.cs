using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace ConvGen.Benchmarks;

/// <summary>
/// One convolution's training step (forward, activation/bias gradient, weight gradient, input gradient) on every
/// benchmark shape: the generated kernels' 512-bit and 256-bit code and the generic kernels, at 1 and 2 threads.
/// FLOPs are counted as 3× the forward's. ONNX Runtime has no training here, so it has no row.
/// </summary>
public class ConvTrainingStep
{
    private BenchmarkShape _s = null!;
    private AlignedBuffer _input = null!, _output = null!, _gradOutput = null!, _gradInput = null!;
    private float[] _bias = null!;
    private AlignedBuffer _packed = null!, _packedBackward = null!;
    private float[] _gradSource = null!, _gradWeights = null!, _gradBias = null!;
    private ParallelConvolution _wide = null!, _narrow = null!, _generic = null!;

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
        var data = (IConv2DInputGradientKernel)k;
        _packedBackward = new AlignedBuffer(data.BackwardDataPackedWeightLength);
        data.PackBackwardDataWeights(weights, _packedBackward);
        _gradSource = Data.Uniform(_output.Length, 4);
        _gradOutput = new AlignedBuffer(_output.Length);
        _gradWeights = new float[s.WeightLength];
        _gradBias = new float[s.Filters];
        _gradInput = new AlignedBuffer(_input.Length);
        _wide = new ParallelConvolution(k, Threads, KernelPath.Widest);
        _narrow = new ParallelConvolution(k, Threads, KernelPath.Vector256);
        _generic = new ParallelConvolution(k, Threads, KernelPath.Generic);

        // The three paths agree on every gradient.
        float[][] Step(ParallelConvolution run)
        {
            Step1(run);
            return new[] { (float[])_gradWeights.Clone(), _gradInput.Span.ToArray(), (float[])_gradBias.Clone() };
        }

        float[][] reference = Step(_generic);
        foreach (ParallelConvolution run in new[] { _wide, _narrow })
        {
            float[][] got = Step(run);
            for (int i = 0; i < got.Length; i++)
            {
                Data.AssertClose(got[i], reference[i], $"{Shape} training step, gradient {i}");
            }
        }
    }

    private void Step1(ParallelConvolution run)
    {
        // The step overwrites the output gradient with the pre-activation gradient: restore it (a copy, also timed).
        _gradSource.AsSpan().CopyTo(_gradOutput);
        run.TrainingStep(_input, _packed, _packedBackward, _bias, _output, _gradOutput, _gradWeights, _gradBias, _gradInput, _s.Batch);
    }

    [Benchmark(Description = "Vector512")]
    public void Vector512() => Step1(_wide);

    [Benchmark(Description = "Vector256")]
    public void Vector256() => Step1(_narrow);

    [Benchmark(Description = "Generic", Baseline = true)]
    public void Generic() => Step1(_generic);

    [GlobalCleanup]
    public void Cleanup()
    {
        _wide.Dispose();
        _narrow.Dispose();
        _generic.Dispose();
    }
}
