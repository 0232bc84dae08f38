using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace ConvGen.Benchmarks;

/// <summary>
/// The run's columns: medians with the derived metrics. One joined summary for the whole run, so that "% of peak"
/// finds the PeakFma rows measured beside the kernels (BenchmarkDotNet's default exporters write it as GitHub
/// markdown, CSV and HTML under BenchmarkDotNet.Artifacts/results).
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddColumn(StatisticColumn.Median)
            .AddColumn(MetricColumn.All)
            .WithOption(ConfigOptions.JoinSummary, true)
            // Parameter values whole (GeneratorCost's "resnet18class_inference"), in the console and in the CSV `tables` reads.
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            // A run builds a copy of this project, generated kernels and the imported ResNet-18 included: minutes on the
            // 2-core VM, past BenchmarkDotNet's default 2-minute build timeout when the machine is busy.
            .WithBuildTimeout(TimeSpan.FromMinutes(20))
            .HideColumns(Column.Error, Column.StdDev, Column.Ratio, "RatioSD", "Alloc Ratio");
}
