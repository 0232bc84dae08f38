using System.Globalization;

namespace ConvGen.Onnx;

/// <summary>The shape of one image's tensor between layers, as ConvGen declares it: H × W × C (NHWC), or flat features.</summary>
/// <param name="Height">Rows (1 when flat).</param>
/// <param name="Width">Columns (1 when flat).</param>
/// <param name="Channels">Channels, or the features of a flat tensor.</param>
/// <param name="IsFlat">A flat tensor (after Flatten, Dense or global pooling).</param>
public readonly record struct LayerShape(int Height, int Width, int Channels, bool IsFlat)
{
    /// <summary>An H × W × C image.</summary>
    public static LayerShape Spatial(int height, int width, int channels) => new(height, width, channels, false);

    /// <summary>A vector of <paramref name="features"/>.</summary>
    public static LayerShape Flat(int features) => new(1, 1, features, true);

    /// <summary>Floats per image.</summary>
    public long Length => (long)Height * Width * Channels;

    /// <summary>Keras's spelling: <c>(None, 28, 28, 32)</c> or <c>(None, 10)</c>.</summary>
    public override string ToString() => IsFlat
        ? string.Create(CultureInfo.InvariantCulture, $"(None, {Channels})")
        : string.Create(CultureInfo.InvariantCulture, $"(None, {Height}, {Width}, {Channels})");
}
