using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet's standard command line (<c>--filter</c>, <c>--job</c>, …) over ConvForward, WinogradForward,
/// ConvTrainingStep, PeakFma, SeedModel, ImportedModel and GeneratorCost; plus <c>tables DIR</c> (RESULTS.md's tables
/// from a run's CSV report), <c>--smoke</c> (every benchmark class but the epochs, a few shapes, batch 1, the
/// inference-only seed model's build cost, one in-process dry run each: a check for CI) and <c>chart DIR</c> (the PNG chart from a
/// run's CSV reports).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "chart")
        {
            string dir = args.Length > 1 ? args[1] : "BenchmarkDotNet.Artifacts/results";
            string png = args.Length > 2 ? args[2] : "benchmarks/results-chart.png";
            ResultsChart.Write(dir, png);
            Console.WriteLine($"chart written to {png}");
            return 0;
        }

        if (args.Length >= 1 && args[0] == "tables")
        {
            Console.Write(ResultsReport.Tables(args.Length > 1 ? args[1] : "BenchmarkDotNet.Artifacts/results"));
            return 0;
        }

        if (args.Contains("--smoke"))
        {
            // A single-image 1x1, the depthwise kernel, a Winograd 3x3 and a 5x5: every benchmark class has a shape to
            // run (res_stem7x7's generic training step alone takes seconds). Whole networks at batch 1; the smallest
            // declaration's generator and compile.
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_SMOKE", "1");
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_SHAPES", "seed_small1x1,mb_dw3x3,seed_conv3,incep_5x5");
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_BATCHES", "1");
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_DECLARATIONS", GeneratorCost.SeedInferenceOnly);
            if (!File.Exists(RepositoryFiles.ResNet18Onnx))
            {
                Console.WriteLine($"// ImportedModel: the ResNet-18 rows are skipped: {RepositoryFiles.ResNet18Onnx} is missing (scripts/onnx-models/setup.sh makes it).");
            }

            args = new[] { "--filter", "*ConvForward*", "*WinogradForward*", "*ConvTrainingStep*", "*PeakFma*", "*ImportedModel*", "*GeneratorCost*", "--job", "Dry", "--inProcess" }
                .Concat(args.Where(a => a != "--smoke")).ToArray();
        }

        // GeneratorCost's processes leave the sizes they measure here for the summary's columns (see BuildSizes).
        string? sizes = null;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CONVGEN_BENCH_SIZES")))
        {
            sizes = Directory.CreateTempSubdirectory("convgen-bench-sizes-").FullName;
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_SIZES", sizes);
        }

        IEnumerable<Summary> summaries;
        try
        {
            summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create()).ToList();
        }
        finally
        {
            if (sizes is not null)
            {
                Directory.Delete(sizes, recursive: true);
            }
        }

        var failed = summaries.SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo))
            .Concat(summaries.Where(s => s.HasCriticalValidationErrors).Select(s => s.Title + ": validation errors"))
            .ToList();
        foreach (string f in failed)
        {
            Console.Error.WriteLine("benchmark failed: " + f);
        }

        return failed.Count == 0 ? 0 : 1;
    }
}
