using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ConvGen.Benchmarks;

/// <summary>
/// Turns a full run's joined CSV report into the tables of RESULTS.md: per shape and thread count, GFLOP/s of each
/// implementation with the ratios the issue asks for; the training steps; the peaks; the seed model; whole networks
/// against ONNX Runtime; build cost.
/// </summary>
internal static class ResultsReport
{
    public static string Tables(string resultsDirectory)
    {
        string csv = Directory.GetFiles(resultsDirectory, "*-report.csv").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException($"No CSV report in {resultsDirectory}.");
        string[] lines = File.ReadAllLines(csv);
        string[] header = Split(lines[0]);
        List<Dictionary<string, string>> rows = lines.Skip(1).Select(Split).Where(r => r.Length == header.Length)
            .Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        var text = new StringBuilder();

        string Get(string type, string method, string threads, string? shape, string column) =>
            rows.FirstOrDefault(r => r["Type"] == type && r["Method"] == method && r.GetValueOrDefault("Threads") == threads
                && (shape is null || r.GetValueOrDefault("Shape") == shape))?.GetValueOrDefault(column) ?? "-";

        text.AppendLine("### FMA peak measured in this run (GFLOP/s)");
        text.AppendLine();
        text.AppendLine("| | 1 thread | 2 threads |");
        text.AppendLine("|---|---|---|");
        foreach (string m in new[] { "Fma256", "Fma512" })
        {
            text.AppendLine($"| {m} | {Get("PeakFma", m, "1", null, "GFLOP/s")} | {Get("PeakFma", m, "2", null, "GFLOP/s")} |");
        }

        foreach (string threads in new[] { "1", "2" })
        {
            text.AppendLine();
            text.AppendLine($"### Forward, {threads} thread{(threads == "1" ? string.Empty : "s")} (GFLOP/s; % of the matching peak; speed-up over generic and over ONNX Runtime)");
            text.AppendLine();
            text.AppendLine("| shape | Vector512 | % peak | x generic | x ORT | Vector256 | % peak | x generic | x ORT | Generic | ORT | ORT % peak |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (BenchmarkShape s in BenchmarkShape.All)
            {
                string G(string m, string c) => Get("ConvForward", m, threads, s.Name, c);
                text.AppendLine($"| {s.Name} | {G("Vector512", "GFLOP/s")} | {G("Vector512", "% of peak")} | {G("Vector512", "x Generic")} | {G("Vector512", "x ORT")} | " +
                    $"{G("Vector256", "GFLOP/s")} | {G("Vector256", "% of peak")} | {G("Vector256", "x Generic")} | {G("Vector256", "x ORT")} | {G("Generic", "GFLOP/s")} | {G("OnnxRuntime", "GFLOP/s")} | {G("OnnxRuntime", "% of peak")} |");
            }
        }

        text.AppendLine();
        text.AppendLine("### Winograd (F(2x2, 3x3) on seed_conv2, F(4x4, 3x3) on the others) against the same kernel's direct convolution, forward, Vector512 (GFLOP/s counting direct FLOPs; speed-up)");
        text.AppendLine();
        text.AppendLine("| shape | Winograd 1T | Direct 1T | speed-up | Winograd 2T | Direct 2T | speed-up |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (string shape in WinogradForward.Shapes)
        {
            string G(string m, string t) => Get("WinogradForward", m, t, shape, "GFLOP/s");
            text.AppendLine($"| {shape} | {G("Winograd", "1")} | {G("Direct", "1")} | {Ratio(G("Winograd", "1"), G("Direct", "1"))} | {G("Winograd", "2")} | {G("Direct", "2")} | {Ratio(G("Winograd", "2"), G("Direct", "2"))} |");
        }

        text.AppendLine();
        text.AppendLine("### Training step: forward + activation/bias gradient + dW + dX (GFLOP/s at 3x the forward's FLOPs; speed-up over generic)");
        text.AppendLine();
        text.AppendLine("| shape | Vector512 1T | x generic | Vector256 1T | Generic 1T | Vector512 2T | x generic | Vector256 2T | Generic 2T |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (BenchmarkShape s in BenchmarkShape.All)
        {
            string G(string m, string t, string c) => Get("ConvTrainingStep", m, t, s.Name, c);
            text.AppendLine($"| {s.Name} | {G("Vector512", "1", "GFLOP/s")} | {G("Vector512", "1", "x Generic")} | {G("Vector256", "1", "GFLOP/s")} | {G("Generic", "1", "GFLOP/s")} | " +
                $"{G("Vector512", "2", "GFLOP/s")} | {G("Vector512", "2", "x Generic")} | {G("Vector256", "2", "GFLOP/s")} | {G("Generic", "2", "GFLOP/s")} |");
        }

        text.AppendLine();
        text.AppendLine("### Seed model end to end (median of 3 after 1 warm-up)");
        text.AppendLine();
        text.AppendLine("| | 1 thread | 2 threads |");
        text.AppendLine("|---|---|---|");
        text.AppendLine($"| training epoch (60,000 images, batch 64) | {Get("SeedModel", "TrainEpoch", "1", null, "Median")} | {Get("SeedModel", "TrainEpoch", "2", null, "Median")} |");
        text.AppendLine($"| inference images/s (10,000 images, batch 256) | {Get("SeedModel", "Inference", "1", null, "images/s")} | {Get("SeedModel", "Inference", "2", null, "images/s")} |");
        // A row of a class whose parameters are not Shape/Threads alone.
        string Cell(string type, string method, string column, params (string Name, string Value)[] parameters) =>
            rows.FirstOrDefault(r => r["Type"] == type && r["Method"] == method && parameters.All(p => r.GetValueOrDefault(p.Name) == p.Value))?.GetValueOrDefault(column) ?? "-";

        text.AppendLine();
        text.AppendLine("### Whole networks against ONNX Runtime on the same .onnx file (median per batch; images/s; ONNX Runtime's median over ConvGen's)");
        text.AppendLine();
        text.AppendLine("| model | batch | threads | ConvGen | images/s | ONNX Runtime | images/s | x ORT |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (string model in new[] { ImportedModel.ResNet18, ImportedModel.SeedExported })
        {
            foreach (string batch in new[] { "1", "8" })
            {
                foreach (string threads in new[] { "1", "2" })
                {
                    string G(string m, string c) => Cell("ImportedModel", m, c, ("Model", model), ("Batch", batch), ("Threads", threads));
                    text.AppendLine($"| {model} | {batch} | {threads} | {G("ConvGen", "Median")} | {G("ConvGen", "images/s")} | {G("OnnxRuntime", "Median")} | {G("OnnxRuntime", "images/s")} | {G("ConvGen", "x ORT")} |");
                }
            }
        }

        text.AppendLine();
        text.AppendLine("### Build cost of one declaration: the generator (Roslyn generator driver, nothing cached), then parsing and emitting the generated code (Release, to memory)");
        text.AppendLine();
        text.AppendLine("| declaration | generated C# (bytes) | generator | compile | assembly (bytes) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach ((string declaration, string label) in new[]
        {
            (GeneratorCost.Seed, "seed model (4 convolutions), trainable"),
            (GeneratorCost.SeedInferenceOnly, "seed model, inference-only"),
            (GeneratorCost.ResNet18Class, "ResNet-18-class (20 convolutions, 112x112x3), trainable"),
            (GeneratorCost.ResNet18ClassInferenceOnly, "ResNet-18-class, inference-only"),
        })
        {
            string G(string m, string c) => Cell("GeneratorCost", m, c, ("Declaration", declaration));
            text.AppendLine($"| {label} | {G("Generate", "generated bytes")} | {Seconds(G("Generate", "Median"))} | {Seconds(G("Compile", "Median"))} | {G("Compile", "IL bytes")} |");
        }

        return text.ToString();
    }

    private static string[] Split(string line) => SplitCsv(line);

    // A BenchmarkDotNet duration ("25,171,974.8 μs", "95.7 ms") in seconds ("25.17 s", "0.096 s"), or as it was.
    private static string Seconds(string duration)
    {
        string[] parts = duration.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double scale = parts.Length == 2 ? parts[1] switch { "ns" => 1e-9, "μs" or "us" => 1e-6, "ms" => 1e-3, "s" => 1, _ => 0 } : 0;
        return scale > 0 && double.TryParse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double value)
            ? (value * scale).ToString(value * scale < 1 ? "0.000 s" : "0.00 s", CultureInfo.InvariantCulture)
            : duration;
    }

    // a / b of two formatted figures, or "-" when either is missing.
    private static string Ratio(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && y > 0
            ? (x / y).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";

    /// <summary>One CSV line's fields.</summary>
    public static string[] SplitCsv(string line)
    {
        // BenchmarkDotNet quotes fields that contain commas ("2,090.9 us").
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
