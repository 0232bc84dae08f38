using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen;

/// <summary>
/// Average pooling over NHWC images, vectorised over the channels. Each output is the sum of its window's input cells
/// divided by a count: Keras's (and ONNX's default <c>count_include_pad = 0</c>) counts the cells inside the image only;
/// with <c>includePadding</c> (ONNX's <c>count_include_pad = 1</c>, PyTorch's default) the padding cells the window
/// covers count too. A window that covers no input cell gives 0.
/// </summary>
internal static class AveragePoolingKernels
{
    /// <summary>Y = the average of each window of X (<paramref name="batch"/> images).</summary>
    public static void Forward(in Pool2DGeometry g, bool includePadding, ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        Check(g, x.Length, y.Length, batch, nameof(x), nameof(y));
        int channels = g.Channels, oh = g.OutputHeight, ow = g.OutputWidth;
        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ref float xr = ref MemoryMarshal.GetReference(x.Slice(n * g.InputImageLength));
            ref float yr = ref MemoryMarshal.GetReference(y.Slice(n * g.OutputImageLength));
            for (int oy = 0; oy < oh; oy++)
            {
                var rows = g.Rows(oy);
                (int y0, int y1) = (rows.Lo, rows.Hi);
                for (int ox = 0; ox < ow; ox++)
                {
                    var columns = g.Columns(ox);
                    (int x0, int x1) = (columns.Lo, columns.Hi);
                    int count = Pool2DGeometry.WindowCount(rows, columns, includePadding);
                    float scale = count == 0 ? 0f : 1f / count;
                    nuint outBase = (nuint)((oy * ow + ox) * channels);
                    int c = 0;
                    for (; c < vectorEnd; c += Vector256<float>.Count)
                    {
                        var sum = Vector256<float>.Zero;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                sum += Vector256.LoadUnsafe(ref xr, (nuint)((iy * g.Width + ix) * channels + c));
                            }
                        }

                        (sum * scale).StoreUnsafe(ref yr, outBase + (nuint)c);
                    }

                    for (; c < channels; c++)
                    {
                        float sum = 0f;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                sum += Unsafe.Add(ref xr, (iy * g.Width + ix) * channels + c);
                            }
                        }

                        Unsafe.Add(ref yr, (nint)outBase + c) = sum * scale;
                    }
                }
            }
        }
    }

    /// <summary>
    /// dX = the adjoint of <see cref="Forward"/>: each output gradient, divided by its window's count, added to every
    /// input cell of the window (overwrites <paramref name="gradInput"/>).
    /// </summary>
    public static void Backward(in Pool2DGeometry g, bool includePadding, ReadOnlySpan<float> gradOutput, Span<float> gradInput, int batch)
    {
        Check(g, gradInput.Length, gradOutput.Length, batch, nameof(gradInput), nameof(gradOutput));
        gradInput.Slice(0, batch * g.InputImageLength).Clear();
        int channels = g.Channels, oh = g.OutputHeight, ow = g.OutputWidth;
        int vectorEnd = channels - channels % Vector256<float>.Count;
        for (int n = 0; n < batch; n++)
        {
            ref float dyr = ref MemoryMarshal.GetReference(gradOutput.Slice(n * g.OutputImageLength));
            ref float dxr = ref MemoryMarshal.GetReference(gradInput.Slice(n * g.InputImageLength));
            for (int oy = 0; oy < oh; oy++)
            {
                var rows = g.Rows(oy);
                (int y0, int y1) = (rows.Lo, rows.Hi);
                for (int ox = 0; ox < ow; ox++)
                {
                    var columns = g.Columns(ox);
                    (int x0, int x1) = (columns.Lo, columns.Hi);
                    int count = Pool2DGeometry.WindowCount(rows, columns, includePadding);
                    if (count == 0)
                    {
                        continue;
                    }

                    float scale = 1f / count;
                    nuint outBase = (nuint)((oy * ow + ox) * channels);
                    int c = 0;
                    for (; c < vectorEnd; c += Vector256<float>.Count)
                    {
                        var share = Vector256.LoadUnsafe(ref dyr, outBase + (nuint)c) * scale;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                nuint at = (nuint)((iy * g.Width + ix) * channels + c);
                                (Vector256.LoadUnsafe(ref dxr, at) + share).StoreUnsafe(ref dxr, at);
                            }
                        }
                    }

                    for (; c < channels; c++)
                    {
                        float share = Unsafe.Add(ref dyr, (nint)outBase + c) * scale;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                Unsafe.Add(ref dxr, (iy * g.Width + ix) * channels + c) += share;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Check(in Pool2DGeometry g, int inputLength, int outputLength, int batch, string inputName, string outputName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ShapeChecks.AtLeast(inputLength, (long)batch * g.InputImageLength, inputName, "{0} images of {1} floats", batch, g.InputImageLength);
        ShapeChecks.AtLeast(outputLength, (long)batch * g.OutputImageLength, outputName, "{0} images of {1} floats", batch, g.OutputImageLength);
    }
}
