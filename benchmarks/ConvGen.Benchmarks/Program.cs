using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet's standard command line (<c>--filter</c>, <c>--job</c>, …) over ConvForward, ConvTrainingStep,
/// PeakFma, SeedModel and GeneratorCost; plus <c>tables DIR</c> (RESULTS.md's tables from a run's CSV report), <c>--smoke</c> (every benchmark class but the epochs, one shape, one
/// in-process dry invocation each: a seconds-long check for CI) and <c>chart DIR</c> (the PNG chart from a run's CSV
/// reports).
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
            // A single-image 1x1, the depthwise kernel and a Winograd 3x3: every benchmark class has a shape to run.
            Environment.SetEnvironmentVariable("CONVGEN_BENCH_SHAPES", "seed_small1x1,mb_dw3x3,seed_conv3");
            args = new[] { "--filter", "*ConvForward*", "*WinogradForward*", "*ConvTrainingStep*", "*PeakFma*", "*GeneratorCost*", "--job", "Dry", "--inProcess" }
                .Concat(args.Where(a => a != "--smoke")).ToArray();
        }

        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
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
