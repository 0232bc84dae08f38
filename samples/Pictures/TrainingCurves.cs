using System;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace ConvGen.Samples.Pictures;

/// <summary>A PNG of a training run: loss per epoch on the left, accuracy on the right, training and validation.</summary>
public static class TrainingCurves
{
    public const int PanelWidth = 600, PanelHeight = 420;

    /// <summary>Writes the chart to <paramref name="path"/> (1200 × 420 pixels).</summary>
    public static void Save(TrainingHistory history, string path, string title)
    {
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        byte[] loss = Panel($"{title}: loss", "loss", epochs, history.Epochs.Select(e => e.Loss).ToArray(),
            history.Epochs.All(e => e.ValidationLoss.HasValue) ? history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray() : null);
        byte[] accuracy = Panel($"{title}: accuracy", "accuracy", epochs, history.Epochs.Select(e => e.Accuracy).ToArray(),
            history.Epochs.All(e => e.ValidationAccuracy.HasValue) ? history.Epochs.Select(e => e.ValidationAccuracy!.Value).ToArray() : null);
        using var surface = SKSurface.Create(new SKImageInfo(2 * PanelWidth, PanelHeight));
        surface.Canvas.Clear(SKColors.White);
        using (var left = SKBitmap.Decode(loss))
        using (var right = SKBitmap.Decode(accuracy))
        {
            surface.Canvas.DrawBitmap(left, 0, 0);
            surface.Canvas.DrawBitmap(right, PanelWidth, 0);
        }

        PngFile.Write(surface, path);
    }

    private static byte[] Panel(string title, string measure, double[] epochs, double[] train, double[]? validation)
    {
        var plot = new ScottPlot.Plot();
        var trainLine = plot.Add.Scatter(epochs, train);
        trainLine.LegendText = "train " + measure;
        if (validation is not null)
        {
            var validationLine = plot.Add.Scatter(epochs, validation);
            validationLine.LegendText = "validation " + measure;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(measure);
        plot.ShowLegend();
        return plot.GetImageBytes(PanelWidth, PanelHeight, ScottPlot.ImageFormat.Png);
    }
}
