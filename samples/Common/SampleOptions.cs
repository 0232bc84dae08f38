using System;
using System.Globalization;

namespace ConvGen.Samples;

/// <summary>The command line every training sample takes.</summary>
public sealed record SampleOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 64;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Seed { get; init; }

    public string? DataDirectory { get; init; }

    public string? SavePath { get; init; }

    public int? TrainLimit { get; init; }

    public string? OutputDirectory { get; init; }

    /// <summary>Where to write the trained network as an ONNX model (<c>--export-onnx PATH</c>), or null.</summary>
    public string? OnnxPath { get; init; }

    public const string Usage =
        "options: --epochs N (10)  --batch-size N (64)  --threads N (all cores)  --seed N (0)\n" +
        "         --data DIR (Fashion-MNIST folder)  --save PATH (weights file)  --train-limit N (first N training images)\n" +
        "         --output DIR (where pictures go, default: the current folder)  --export-onnx PATH (also write the trained network as ONNX)";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the usage on a bad option.</summary>
    public static SampleOptions Parse(string[] args, string defaultSavePath)
    {
        var options = new SampleOptions { SavePath = defaultSavePath };
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                throw new ArgumentException(Usage);
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.\n{Usage}");
            }

            string value = args[++i];
            options = name switch
            {
                "--epochs" => options with { Epochs = Positive(name, value, allowZero: true) },
                "--batch-size" => options with { BatchSize = Positive(name, value) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--seed" => options with { Seed = Int(name, value) },
                "--data" => options with { DataDirectory = value },
                "--save" => options with { SavePath = value },
                "--train-limit" => options with { TrainLimit = Positive(name, value) },
                "--output" => options with { OutputDirectory = value },
                "--export-onnx" => options with { OnnxPath = value },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
        }

        return options;
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new ArgumentException($"{name} expects an integer, got '{value}'.\n{Usage}");

    private static int Positive(string name, string value, bool allowZero = false)
    {
        int result = Int(name, value);
        return result > 0 || (allowZero && result == 0) ? result : throw new ArgumentException($"{name} must be {(allowZero ? "zero or more" : "positive")}, got {result}.\n{Usage}");
    }
}
