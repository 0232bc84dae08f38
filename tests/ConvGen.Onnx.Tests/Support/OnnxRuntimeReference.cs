using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>ONNX Runtime on a model file: the reference every import is compared with.</summary>
internal static class OnnxRuntimeReference
{
    /// <summary>Runs the model on <paramref name="batch"/> NCHW images (graph optimisations off unless asked); returns the output and its shape.</summary>
    public static (float[] Output, int[] Shape) Run(string path, float[] nchw, int batch, LayerShape input, GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_DISABLE_ALL)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = optimization, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        string inputName = session.InputMetadata.Keys.Single();
        var tensor = new DenseTensor<float>(nchw, new[] { batch, input.Channels, input.Height, input.Width });
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) });
        Tensor<float> output = results.Single().AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    /// <summary>Seeded uniform values in [−1, 1).</summary>
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Max |a − b| over max |b|.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"{actual.Length} values against {expected.Length}.");
        }

        double worst = 0, scale = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }

        return worst / Math.Max(scale, 1e-30);
    }
}
