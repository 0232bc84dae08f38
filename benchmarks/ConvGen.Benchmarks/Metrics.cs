using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks;

/// <summary>
/// The columns the issue asks for, computed from each row's median: GFLOP/s (direct-convolution FLOPs), % of the
/// matching FMA peak measured in the same run (512-bit for Vector512 and ONNX Runtime, 256-bit for Vector256 and the
/// generic kernel), the speed-up over the generic kernel and over ONNX Runtime on the same shape and threads, and
/// images/s for the end-to-end rows.
/// </summary>
public sealed class MetricColumn : IColumn
{
    public static readonly IColumn[] All =
    {
        new MetricColumn("GFLOP/s", Kind.Gflops),
        new MetricColumn("% of peak", Kind.PercentOfPeak),
        new MetricColumn("x Generic", Kind.VersusGeneric),
        new MetricColumn("x ORT", Kind.VersusOnnx),
        new MetricColumn("images/s", Kind.ImagesPerSecond),
    };

    private readonly Kind _kind;

    private MetricColumn(string name, Kind kind)
    {
        ColumnName = name;
        _kind = kind;
    }

    private enum Kind
    {
        Gflops,
        PercentOfPeak,
        VersusGeneric,
        VersusOnnx,
        ImagesPerSecond,
    }

    public string Id => "ConvGen." + _kind;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)_kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _kind switch
    {
        Kind.Gflops => "Direct-convolution GFLOP per second at the median (training: 3x the forward's FLOPs)",
        Kind.PercentOfPeak => "GFLOP/s as a share of the FMA peak measured by PeakFma in this run (512-bit for Vector512/ORT and WinogradForward's rows, 256-bit for Vector256/Generic)",
        Kind.VersusGeneric => "Generic kernel's median / this median, same shape and threads",
        Kind.VersusOnnx => "ONNX Runtime's median / this median, same shape and threads",
        _ => "Images per second at the median",
    };

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? value = Compute(summary, benchmarkCase);
        return value is double v ? v.ToString(_kind == Kind.ImagesPerSecond ? "N0" : "0.00", CultureInfo.InvariantCulture) : "-";
    }

    private double? Compute(Summary summary, BenchmarkCase c)
    {
        double? median = Median(summary, c);
        if (median is not double ns)
        {
            return null;
        }

        switch (_kind)
        {
            case Kind.Gflops:
                return Flops(c) is double f ? f / ns : null;
            case Kind.PercentOfPeak:
                string method = Method(c);
                if (c.Descriptor.Type == typeof(PeakFma) || Flops(c) is not double flops)
                {
                    return null;
                }

                bool wide = method is "Vector512" or "OnnxRuntime" or "Winograd" or "Direct";
                BenchmarkCase? peak = Find(summary, typeof(PeakFma), wide ? "Fma512" : "Fma256", Param(c, "Threads"), null);
                return peak is not null && Median(summary, peak) is double peakNs && Flops(peak) is double peakFlops
                    ? 100.0 * (flops / ns) / (peakFlops / peakNs)
                    : null;
            case Kind.VersusGeneric:
            case Kind.VersusOnnx:
                string other = _kind == Kind.VersusGeneric ? "Generic" : "OnnxRuntime";
                if (Method(c) == other)
                {
                    return null;
                }

                BenchmarkCase? baseline = Find(summary, c.Descriptor.Type, other, Param(c, "Threads"), Param(c, "Shape"));
                return baseline is not null && Median(summary, baseline) is double baseNs ? baseNs / ns : null;
            default:
                return c.Descriptor.Type == typeof(SeedModel)
                    ? (Method(c) == "TrainEpoch" ? SeedModel.TrainImages : SeedModel.TestImages) / (ns * 1e-9)
                    : null;
        }
    }

    private static string Method(BenchmarkCase c) => c.Descriptor.WorkloadMethodDisplayInfo;

    private static object? Param(BenchmarkCase c, string name) =>
        c.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value;

    private static double? Median(Summary summary, BenchmarkCase c) => summary[c]?.ResultStatistics?.Median;

    private static BenchmarkCase? Find(Summary summary, Type type, string method, object? threads, object? shape) =>
        summary.BenchmarksCases.FirstOrDefault(b => b.Descriptor.Type == type && Method(b) == method
            && Equals(Param(b, "Threads"), threads) && (shape is null || Equals(Param(b, "Shape"), shape)));

    /// <summary>FLOPs of one invocation, where it is a convolution or the peak loop.</summary>
    public static double? Flops(BenchmarkCase c)
    {
        if (c.Descriptor.Type == typeof(PeakFma))
        {
            return PeakFma.Flops(Method(c) == "Fma512", (int)Param(c, "Threads")!);
        }

        if (Param(c, "Shape") is string shape)
        {
            double forward = BenchmarkShape.Get(shape).Flops;
            return c.Descriptor.Type == typeof(ConvTrainingStep) ? 3 * forward : forward;
        }

        return null;
    }
}
