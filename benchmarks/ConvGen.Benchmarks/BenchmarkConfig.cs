using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

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
            .HideColumns(Column.Error, Column.StdDev, Column.Ratio, "RatioSD", "Alloc Ratio");
}
