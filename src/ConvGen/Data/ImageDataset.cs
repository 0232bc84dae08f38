using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// Images and labels kept as bytes (pixel intensities 0..255, NHWC per image) until a batch is formed, when they
/// become floats in [0, 1]: a 60,000-image training set costs 47 MB, not 188.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[] _labels;

    /// <summary>Wraps <paramref name="pixels"/> (count × height × width × channels bytes) and one label per image.</summary>
    public ImageDataset(byte[] pixels, byte[] labels, int height, int width, int channels, int classes, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (height < 1 || width < 1 || channels < 1 || classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), $"expected positive sizes and at least 2 classes, got {height}x{width}x{channels}, {classes} classes");
        }

        long imageLength = (long)height * width * channels;
        if (pixels.Length != labels.Length * imageLength)
        {
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * imageLength} pixel bytes of {height}x{width}x{channels} images, but {pixels.Length} were given.", nameof(pixels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new ArgumentException($"Label {labels[i]} of image {i} is not a class: labels run from 0 to {classes - 1} ({classes} classes).", nameof(labels));
            }
        }

        Pixels = pixels;
        // A copy: the labels were checked, and whoever handed them in cannot change them afterwards.
        _labels = (byte[])labels.Clone();
        Labels = Array.AsReadOnly(_labels);
        Height = height;
        Width = width;
        Channels = channels;
        Classes = classes;
        ClassNames = classNames ?? Array.Empty<string>();
    }

    /// <summary>All pixels, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>One class index per image, each below <see cref="Classes"/> (checked when the data set is made; read-only).</summary>
    public IReadOnlyList<byte> Labels { get; }

    /// <summary>Images.</summary>
    public int Count => _labels.Length;

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Channels per pixel.</summary>
    public int Channels { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Class names, when known.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Floats per image.</summary>
    public int ImageLength => Height * Width * Channels;

    /// <summary>The first <paramref name="count"/> images (copied); all of them when <paramref name="count"/> is larger than <see cref="Count"/>.</summary>
    public ImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Count);
        return new ImageDataset(Pixels.AsSpan(0, count * ImageLength).ToArray(), _labels.AsSpan(0, count).ToArray(), Height, Width, Channels, Classes, ClassNames);
    }

    /// <summary>Writes image <paramref name="index"/> as floats in [0, 1] into the first <see cref="ImageLength"/> floats of <paramref name="destination"/>.</summary>
    public void CopyImage(int index, Span<float> destination)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Image index {index} is outside the data set's images 0..{Count - 1} ({Count} images).");
        }

        if (destination.Length < ImageLength)
        {
            throw new ArgumentException($"An image is {ImageLength} floats; the destination holds {destination.Length}.", nameof(destination));
        }

        ReadOnlySpan<byte> source = Pixels.AsSpan(index * ImageLength, ImageLength);
        const float scale = 1f / 255f;
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * scale;
        }
    }

    /// <summary>The label of image <paramref name="index"/> (no copy, for the batch loader).</summary>
    internal byte LabelAt(int index) => _labels[index];
}
