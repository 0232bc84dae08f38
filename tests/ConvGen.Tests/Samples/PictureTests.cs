using System;
using System.IO;
using System.Linq;
using ConvGen.Samples.Pictures;
using SkiaSharp;
using Xunit;

namespace ConvGen.Tests.Samples;

/// <summary>The samples' PNG writers produce decodable images of the documented sizes and content.</summary>
public sealed class PictureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("convgen-png-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainingCurvesAreADecodablePngOfTwoPanels()
    {
        var history = new TrainingHistory();
        history.Add(new EpochResult(1, 0.6, 0.78, 0.45, 0.84, 20));
        history.Add(new EpochResult(2, 0.4, 0.86, 0.35, 0.87, 20));
        history.Add(new EpochResult(3, 0.3, 0.89, 0.32, 0.89, 20));
        string path = Path.Combine(_folder, "curves.png");
        TrainingCurves.Save(history, path, "Test");
        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((2 * TrainingCurves.PanelWidth, TrainingCurves.PanelHeight), (bitmap.Width, bitmap.Height));
        Assert.True(bitmap.Pixels.Distinct().Count() > 10, "the chart is blank");
    }

    [Fact]
    public void FeatureMapGridsHaveTheDocumentedSizeAndStretchEachMap()
    {
        var ramp = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var scaled = ramp.Select(v => v * 100).ToArray();
        string path = Path.Combine(_folder, "grid.png");
        FeatureMapGrid.Save(new[] { ramp, scaled, ramp }, 3, 4, columns: 2, scale: 5, path);
        using SKBitmap bitmap = SKBitmap.Decode(path);
        var (width, height) = FeatureMapGrid.Size(3, 2, 3, 4, 5);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.Equal((2 * (4 * 5 + 6) + 6, 2 * (3 * 5 + 6) + 6), (width, height));

        // Each map's smallest value is black and largest white, whatever its scale.
        int m = FeatureMapGrid.Margin;
        Assert.Equal(SKColors.Black, bitmap.GetPixel(m, m));
        Assert.Equal(SKColors.White, bitmap.GetPixel(m + 4 * 5 - 1, m + 3 * 5 - 1));
        Assert.Equal(SKColors.White, bitmap.GetPixel(2 * m + 4 * 5 + 4 * 5 - 1, m + 3 * 5 - 1));
    }

    [Fact]
    public void SharedScaleShowsDifferentMagnitudes()
    {
        var small = Enumerable.Repeat(1f, 4).ToArray();
        var large = Enumerable.Repeat(4f, 4).ToArray();
        small[0] = 0;
        string path = Path.Combine(_folder, "shared.png");
        FeatureMapGrid.Save(new[] { small, large }, 2, 2, columns: 2, scale: 1, path, sharedFrom: 0);
        using SKBitmap bitmap = SKBitmap.Decode(path);
        int m = FeatureMapGrid.Margin;
        Assert.Equal(64, bitmap.GetPixel(m + 1, m).Red);           // 1 of 0..4
        Assert.Equal(255, bitmap.GetPixel(2 * m + 2 + 1, m).Red);  // 4 of 0..4
    }

    [Fact]
    public void ChannelsSplitsNhwc()
    {
        float[] nhwc = { 1, 10, 2, 20, 3, 30, 4, 40 };
        var maps = FeatureMapGrid.Channels(nhwc, 2, 2, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, maps[0]);
        Assert.Equal(new float[] { 10, 20, 30, 40 }, maps[1]);
    }
}
