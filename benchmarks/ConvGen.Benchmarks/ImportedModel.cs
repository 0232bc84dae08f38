using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ConvGen.Onnx;
using ConvGen.Onnx.Emit;
using ConvGen.Samples;
using Microsoft.ML.OnnxRuntime;
using ImportedResNet18 = ConvGen.Onnx.Tests.Imported.ResNet18;

namespace ConvGen.Benchmarks;

/// <summary>
/// Whole networks against ONNX Runtime on the same .onnx file (issue 23), batch 1 and 8, 1 and 2 threads (ConvGen's
/// <see cref="Network.Threads"/>, ONNX Runtime's <c>IntraOpNumThreads</c>):
/// <list type="bullet">
/// <item><c>resnet18</c>: torchvision's ResNet-18 (random weights, 224×224×3) as scripts/onnx-models/setup.sh exports it,
/// imported — the declaration is tests/ConvGen.Onnx.Tests/Imported/ResNet18.cs, the C# the CLI writes for that file,
/// compiled into this project; its weights are imported from the file in the setup, as the CLI writes them, and
/// loaded with <see cref="Network.LoadWeights"/>.</item>
/// <item><c>seed_exported</c>: the seed model (samples' FashionCnn, seed 0) exported with <c>ExportOnnx</c>; ConvGen runs the
/// same network object.</item>
/// </list>
/// ConvGen predicts from NHWC images (its layout), ONNX Runtime from the same images in NCHW (its layout), each with its
/// buffers allocated once. The setup checks that both give the same outputs (max |Δ| ≤ 1e-4 of the largest output).
/// </summary>
public class ImportedModel
{
    public const string ResNet18 = "resnet18";
    public const string SeedExported = "seed_exported";
    public const double Bound = 1e-4;

    private Network _network = null!;
    private float[] _nhwc = null!, _output = null!;
    private InferenceSession _session = null!;
    private AlignedBuffer _ortInput = null!, _ortOutput = null!;
    private OrtValue _inputValue = null!, _outputValue = null!;
    private OrtValue[] _inputs = null!, _outputs = null!;
    private string[] _inputNames = null!, _outputNames = null!;
    private readonly RunOptions _run = new();
    private string? _scratch;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>
    /// Both models, or those of <c>CONVGEN_BENCH_MODELS</c> (comma-separated). In the smoke run (<c>CONVGEN_BENCH_SMOKE</c>)
    /// ResNet-18 is left out when its file is missing (Program prints why); a full run fails in the setup instead, saying
    /// which file to make.
    /// </summary>
    public static IEnumerable<string> Models
    {
        get
        {
            string? only = Environment.GetEnvironmentVariable("CONVGEN_BENCH_MODELS");
            IEnumerable<string> models = string.IsNullOrWhiteSpace(only)
                ? new[] { ResNet18, SeedExported }
                : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Environment.GetEnvironmentVariable("CONVGEN_BENCH_SMOKE") == "1" && !File.Exists(RepositoryFiles.ResNet18Onnx)
                ? models.Where(m => m != ResNet18)
                : models;
        }
    }

    /// <summary>Batch 1 and 8, or those of <c>CONVGEN_BENCH_BATCHES</c> (comma-separated).</summary>
    public static IEnumerable<int> Batches
    {
        get
        {
            string? only = Environment.GetEnvironmentVariable("CONVGEN_BENCH_BATCHES");
            return string.IsNullOrWhiteSpace(only)
                ? new[] { 1, 8 }
                : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _scratch = Directory.CreateTempSubdirectory("convgen-bench-").FullName;
        string onnx;
        switch (Model)
        {
            case ResNet18:
                onnx = RepositoryFiles.ResNet18Onnx;
                if (!File.Exists(onnx))
                {
                    throw new FileNotFoundException($"{onnx} is missing: run scripts/onnx-models/setup.sh (it exports torchvision's resnet18 there).", onnx);
                }

                // What a user does: the CLI's import writes the declaration (compiled here from the committed copy) and the
                // weight file, which the generated network loads.
                LayerGraph graph = OnnxImporter.Import(onnx);
                (_, string weights) = ImportWriter.Write(graph, _scratch, "ResNet18", "ConvGen.Onnx.Tests.Imported");
                _network = new ImportedResNet18(0);
                _network.LoadWeights(weights);
                break;
            case SeedExported:
                _network = new FashionCnn(seed: 0);
                onnx = Path.Combine(_scratch, "fashion_cnn.onnx");
                _network.ExportOnnx(onnx);
                break;
            default:
                throw new ArgumentException($"No model '{Model}'; known: {ResNet18}, {SeedExported}.");
        }

        _network.Threads = Threads;
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
        _session = new InferenceSession(onnx, options);
        (string inputName, NodeMetadata input) = _session.InputMetadata.Single();
        (string outputName, NodeMetadata output) = _session.OutputMetadata.Single();
        int[] chw = input.Dimensions[1..];
        if (chw.Length != 3 || chw[0] * chw[1] * chw[2] != _network.InputLength || output.Dimensions[1..].Aggregate(1, (a, b) => a * b) != _network.OutputCount)
        {
            throw new InvalidOperationException($"{onnx} takes [{string.Join(", ", input.Dimensions)}] and gives [{string.Join(", ", output.Dimensions)}]; " +
                $"network {_network.Name} takes {_network.InputLength} and gives {_network.OutputCount} floats per image.");
        }

        float[] nchw = Data.Uniform(Batch * _network.InputLength, 5);
        _nhwc = NchwLayout.ToNhwc(nchw, Batch, chw[0], chw[1], chw[2]);
        _output = new float[Batch * _network.OutputCount];
        _ortInput = Data.Aligned(nchw);
        _ortOutput = new AlignedBuffer(Batch * _network.OutputCount);
        _inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ortInput.Memory, new long[] { Batch, chw[0], chw[1], chw[2] });
        _outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ortOutput.Memory, new long[] { Batch, _network.OutputCount });
        (_inputs, _outputs, _inputNames, _outputNames) = (new[] { _inputValue }, new[] { _outputValue }, new[] { inputName }, new[] { outputName });

        ConvGenPredict();
        OnnxRuntime();
        double error = RelativeError(_output, _ortOutput.Span);
        Console.WriteLine($"// {Model} batch {Batch}, {Threads} thread(s): max |ConvGen - ONNX Runtime| / max |output| = {error:E2}");
        if (!(error <= Bound))
        {
            throw new InvalidOperationException($"{Model} batch {Batch}: ConvGen and ONNX Runtime differ by {error:E2} of the largest output (bound {Bound:E0}).");
        }
    }

    [Benchmark(Description = "ConvGen")]
    public void ConvGenPredict() => _network.Predict(_nhwc, _output, Batch, Batch);

    [Benchmark(Description = "OnnxRuntime")]
    public void OnnxRuntime() => _session.Run(_run, _inputNames, _inputs, _outputNames, _outputs);

    [GlobalCleanup]
    public void Cleanup()
    {
        _network.Dispose();
        _session.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _run.Dispose();
        if (_scratch is not null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    // Max |a − b| over max |b|.
    private static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double worst = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }

        return worst / Math.Max(scale, 1e-30);
    }
}
