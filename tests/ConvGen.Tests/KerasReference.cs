using System;

namespace ConvGen.Tests;

/// <summary>
/// Keras's output sizes and 'same' padding along one axis, written as Keras documents them (output ceil(size / stride)
/// for 'same', floor((size − window) / stride) + 1 for 'valid'): the reference the runtime's geometry
/// (<c>KerasPadding</c>, <c>Pool2DGeometry</c>, <c>Conv2DShape</c>) is tested against.
/// </summary>
internal static class KerasReference
{
    /// <summary>Output cells along one axis.</summary>
    public static int OutputSize(int size, int window, int stride, Padding padding) =>
        padding == Padding.Same ? (size + stride - 1) / stride : size >= window ? (size - window) / stride + 1 : 0;

    /// <summary>Padding before the first window ('same': the smaller half of what the windows need past the image).</summary>
    public static int PadBefore(int size, int window, int stride, Padding padding)
    {
        if (padding != Padding.Same)
        {
            return 0;
        }

        int needed = (OutputSize(size, window, stride, padding) - 1) * stride + window - size;
        return Math.Max(needed, 0) / 2;
    }
}
