using System;

namespace ConvGen;

/// <summary>
/// Keras's padding along one axis, the one rule convolutions and poolings share: 'valid' adds nothing; 'same' adds
/// what makes the output ceil(size / stride) long, the smaller half before the image and the rest after it.
/// </summary>
internal static class KerasPadding
{
    /// <summary>Zero (or empty) cells added before and after an axis of <paramref name="size"/> cells for a <paramref name="window"/>-wide window every <paramref name="stride"/> cells.</summary>
    public static (int Before, int After) Pads(int size, int window, int stride, Padding padding)
    {
        if (padding != Padding.Same)
        {
            return (0, 0);
        }

        int rem = size % stride;
        int total = Math.Max(window - (rem == 0 ? stride : rem), 0);
        return (total / 2, total - total / 2);
    }
}
