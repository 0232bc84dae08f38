using System;
using System.Collections.Generic;
using SkiaSharp;

namespace ConvGen.Samples.Pictures;

/// <summary>
/// Draws 2-D maps (an image, feature maps) as grey-scale tiles in a grid, enlarged by whole pixels, with a margin
/// between tiles. Each map is stretched to its own minimum (black) and maximum (white), or maps from
/// <c>sharedFrom</c> on share one range, so that maps differing only in scale look different.
/// </summary>
public static class FeatureMapGrid
{
    public const int Margin = 6;

    /// <summary>Width and height of the picture <see cref="Save"/> writes.</summary>
    public static (int Width, int Height) Size(int maps, int columns, int mapHeight, int mapWidth, int scale)
    {
        int rows = (maps + columns - 1) / columns;
        int cols = Math.Min(columns, maps);
        return (Margin + cols * (mapWidth * scale + Margin), Margin + rows * (mapHeight * scale + Margin));
    }

    /// <summary>Writes <paramref name="maps"/> (each height × width floats, row-major) as a PNG grid.</summary>
    public static void Save(IReadOnlyList<float[]> maps, int mapHeight, int mapWidth, int columns, int scale, string path, int sharedFrom = int.MaxValue)
    {
        float sharedMin = float.MaxValue, sharedMax = float.MinValue;
        for (int m = sharedFrom; m < maps.Count; m++)
        {
            foreach (float v in maps[m])
            {
                sharedMin = Math.Min(sharedMin, v);
                sharedMax = Math.Max(sharedMax, v);
            }
        }

        var (width, height) = Size(maps.Count, columns, mapHeight, mapWidth, scale);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(new SKColor(235, 235, 235));
        using var paint = new SKPaint { IsAntialias = false };
        for (int m = 0; m < maps.Count; m++)
        {
            float[] map = maps[m];
            float min = float.MaxValue, max = float.MinValue;
            foreach (float v in map)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (m >= sharedFrom)
            {
                (min, max) = (sharedMin, sharedMax);
            }

            float range = max > min ? max - min : 1f;
            int left = Margin + m % columns * (mapWidth * scale + Margin);
            int top = Margin + m / columns * (mapHeight * scale + Margin);
            for (int y = 0; y < mapHeight; y++)
            {
                for (int x = 0; x < mapWidth; x++)
                {
                    byte grey = (byte)Math.Round((map[y * mapWidth + x] - min) / range * 255f);
                    paint.Color = new SKColor(grey, grey, grey);
                    canvas.DrawRect(left + x * scale, top + y * scale, scale, scale, paint);
                }
            }
        }

        PngFile.Write(surface, path);
    }

    /// <summary>Splits an NHWC image (height × width × channels) into one map per channel.</summary>
    public static List<float[]> Channels(float[] nhwc, int height, int width, int channels)
    {
        var maps = new List<float[]>(channels);
        for (int c = 0; c < channels; c++)
        {
            var map = new float[height * width];
            for (int p = 0; p < map.Length; p++)
            {
                map[p] = nhwc[p * channels + c];
            }

            maps.Add(map);
        }

        return maps;
    }
}
