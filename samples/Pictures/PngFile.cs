using System.IO;
using SkiaSharp;

namespace ConvGen.Samples.Pictures;

/// <summary>Encodes a surface as PNG, written aside and renamed so a reader never sees half a file.</summary>
internal static class PngFile
{
    public static void Write(SKSurface surface, string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        string temporary = full + ".tmp";
        using (FileStream file = File.Create(temporary))
        {
            data.SaveTo(file);
        }

        File.Move(temporary, full, overwrite: true);
    }
}
