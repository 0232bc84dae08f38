using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace ConvGen.Benchmarks;

/// <summary>Draws GFLOP/s per shape per implementation (forward, 1 and 2 threads) from the newest CSV report's ConvForward rows.</summary>
internal static class ResultsChart
{
    public static void Write(string resultsDirectory, string pngPath)
    {
        string csv = Directory.GetFiles(resultsDirectory, "*-report.csv").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException($"No CSV report in {resultsDirectory}; run the ConvForward benchmarks first.");
        string[] lines = File.ReadAllLines(csv);
        string[] header = Split(lines[0]);
        int type = Array.IndexOf(header, "Type");
        int method = Array.IndexOf(header, "Method"), shape = Array.IndexOf(header, "Shape"), threads = Array.IndexOf(header, "Threads"), gflops = Array.IndexOf(header, "GFLOP/s");
        if (method < 0 || shape < 0 || threads < 0 || gflops < 0)
        {
            throw new InvalidDataException($"{csv} lacks one of the columns Method, Shape, Threads, GFLOP/s.");
        }

        var rows = lines.Skip(1).Select(Split).Where(r => r.Length == header.Length && (type < 0 || r[type] == "ConvForward"))
            .Select(r => (Method: r[method].Trim('\''), Shape: r[shape], Threads: r[threads], Value: double.TryParse(r[gflops], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0))
            .ToList();
        List<string> shapes = rows.Select(r => r.Shape).Distinct().OrderBy(n => BenchmarkShape.All.ToList().FindIndex(s => s.Name == n)).ToList();
        List<string> series = rows.Select(r => $"{r.Method} {r.Threads}T").Distinct().ToList();

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double groupWidth = series.Count + 1;
        for (int k = 0; k < series.Count; k++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < shapes.Count; i++)
            {
                var row = rows.FirstOrDefault(r => r.Shape == shapes[i] && $"{r.Method} {r.Threads}T" == series[k]);
                bars.Add(new Bar { Position = i * groupWidth + k, Value = row.Value, FillColor = palette.GetColor(k) });
            }

            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[k], FillColor = palette.GetColor(k) });
        }

        plot.Axes.Bottom.SetTicks(shapes.Select((_, i) => i * groupWidth + (series.Count - 1) / 2.0).ToArray(), shapes.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Bottom.MinimumSize = 110;
        plot.YLabel("GFLOP/s (forward, direct-convolution FLOPs)");
        plot.Title("ConvGen vs generic kernel vs ONNX Runtime, per shape");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(pngPath, 1600, 800);
    }

    private static string[] Split(string line) => ResultsReport.SplitCsv(line);
}
