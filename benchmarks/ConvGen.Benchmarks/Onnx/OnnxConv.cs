using System;
using Microsoft.ML.OnnxRuntime;

namespace ConvGen.Benchmarks.Onnx;

/// <summary>
/// ONNX Runtime running the one-Conv model of a shape on NCHW buffers bound once (input, output and the run's
/// name arrays are reused, so a run allocates nothing on our side).
/// </summary>
internal sealed class OnnxConv : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input, _output;
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames = { "X" }, _outputNames = { "Y" };
    private readonly OrtValue[] _inputs, _outputs;

    public OnnxConv(BenchmarkShape s, int threads, float[] weightsHwio, float[] bias, AlignedBuffer inputNchw, AlignedBuffer outputNchw)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
        _session = new InferenceSession(OnnxConvModel.Build(s, weightsHwio, bias), options);
        _input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputNchw.Memory, new long[] { s.Batch, s.Channels, s.Height, s.Width });
        Conv2DShape g = s.Geometry;
        _output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputNchw.Memory, new long[] { s.Batch, s.Filters, g.OutputHeight, g.OutputWidth });
        _inputs = new[] { _input };
        _outputs = new[] { _output };
    }

    public void Run() => _session.Run(_run, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _session.Dispose();
        _input.Dispose();
        _output.Dispose();
        _run.Dispose();
    }

    /// <summary>NHWC to NCHW.</summary>
    public static float[] ToNchw(ReadOnlySpan<float> nhwc, int batch, int height, int width, int channels)
    {
        var nchw = new float[nhwc.Length];
        for (int n = 0; n < batch; n++)
        {
            for (int p = 0; p < height * width; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    nchw[(n * channels + c) * height * width + p] = nhwc[(n * height * width + p) * channels + c];
                }
            }
        }

        return nchw;
    }
}
