using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.__Internals;

/// <summary>
/// The numbers of one generated Winograd F(m×m, 3×3) kernel (one layer, one vector width), as static members of a
/// small generated struct: <see cref="WinogradTransforms"/> is generic over it, so the JIT compiles its transforms
/// once per layer with these numbers as constants, as if they were written into the code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IWinogradLayer
{
    /// <summary>The value of <see cref="Activation"/> for no activation.</summary>
    const int None = 0;

    /// <summary>The value of <see cref="Activation"/> for max(0, y).</summary>
    const int Relu = 1;

    /// <summary>The value of <see cref="Activation"/> for min(6, max(0, y)).</summary>
    const int Relu6 = 3;

    /// <summary>Floats per vector of the kernel: 16 (Vector512) or 8 (Vector256).</summary>
    static abstract int Lanes { get; }

    /// <summary>Output pixels along each side of a tile: 2 or 4.</summary>
    static abstract int TileSize { get; }

    /// <summary>Height of the input image in pixels.</summary>
    static abstract int InputHeight { get; }

    /// <summary>Width of the input image in pixels.</summary>
    static abstract int InputWidth { get; }

    /// <summary>Channels of the input (a multiple of 8).</summary>
    static abstract int Channels { get; }

    /// <summary>Channels of V: the input's, rounded up to whole vectors.</summary>
    static abstract int PaddedChannels { get; }

    /// <summary>Filters (output channels, a multiple of 8).</summary>
    static abstract int Filters { get; }

    /// <summary>Height of the output (or output gradient) in pixels.</summary>
    static abstract int OutputHeight { get; }

    /// <summary>Width of the output (or output gradient) in pixels.</summary>
    static abstract int OutputWidth { get; }

    /// <summary>Floats between output pixels (the filters, or more when the output is a slice of a wider tensor).</summary>
    static abstract int OutputPixelStride { get; }

    /// <summary>Rows of zeros above the input.</summary>
    static abstract int PadTop { get; }

    /// <summary>Columns of zeros left of the input.</summary>
    static abstract int PadLeft { get; }

    /// <summary>Tiles along a row of the output.</summary>
    static abstract int TilesAcross { get; }

    /// <summary>Tiles per image.</summary>
    static abstract int TilesPerImage { get; }

    /// <summary>Floats of one point ξ of V: tiles per band × padded channels.</summary>
    static abstract int PointInputLength { get; }

    /// <summary>Floats of one point ξ of M (or dM): tiles per band × filters.</summary>
    static abstract int PointProductLength { get; }

    /// <summary>The activation after the bias: <see cref="None"/>, <see cref="Relu"/> or <see cref="Relu6"/>.</summary>
    static abstract int Activation { get; }

    /// <summary>Whether the output transform adds a bias.</summary>
    static abstract bool UseBias { get; }
}

/// <summary>A compile-time flag of a tile transform: <see cref="Yes"/> or <see cref="No"/>, folded by the JIT per instantiation.</summary>
internal interface IWinogradFlag
{
    /// <summary>The flag's value.</summary>
    static abstract bool Value { get; }
}

/// <summary>The flag set.</summary>
internal readonly struct Yes : IWinogradFlag
{
    /// <inheritdoc/>
    public static bool Value => true;
}

/// <summary>The flag clear.</summary>
internal readonly struct No : IWinogradFlag
{
    /// <inheritdoc/>
    public static bool Value => false;
}

/// <summary>
/// The transforms of the generated Winograd F(2×2, 3×3) and F(4×4, 3×3) kernels, shared by all of them: the input
/// transform V = Bᵀ d B, the output transform Aᵀ M A + bias and activation, and the weight gradient's output-gradient
/// transform dM = A dY Aᵀ, each over a band of tiles (tile t of the band is tile first + t of the batch). The tiles
/// themselves are in <c>Winograd512</c> and <c>Winograd256</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradTransforms
{
    /// <summary>
    /// V[ξ][t] for the (m+2)×(m+2) input patches of tiles first .. first + count - 1 of the batch; an F(4×4, 3×3)
    /// patch that crosses the image's edge is first copied into <paramref name="patch"/> (36 pixels) with zeros outside.
    /// </summary>
    public static void Input<T>(ref float x, ref float v, ref float patch, int first, int count)
        where T : struct, IWinogradLayer
    {
        int alpha = T.TileSize + 2;
        for (int t = 0; t < count; t++)
        {
            (int n, int iy, int ix) = Tile<T>(first + t);
            iy -= T.PadTop;
            ix -= T.PadLeft;
            ref float xi = ref Unsafe.Add(ref x, (nint)n * T.InputHeight * T.InputWidth * T.Channels);
            ref float vt = ref Unsafe.Add(ref v, (nint)t * T.PaddedChannels);
            bool wide = T.Lanes == Vector512<float>.Count;
            if (iy >= 0 && ix >= 0 && iy <= T.InputHeight - alpha && ix <= T.InputWidth - alpha)
            {
                ref float xt = ref Unsafe.Add(ref xi, ((nint)iy * T.InputWidth + ix) * T.Channels);
                if (T.TileSize == 2)
                {
                    if (wide) { Winograd512.Input2<T, No>(ref xt, 0, 0, ref vt); } else { Winograd256.Input2<T, No>(ref xt, 0, 0, ref vt); }
                }
                else
                {
                    if (wide) { Winograd512.Input4<T, No>(ref xt, ref vt); } else { Winograd256.Input4<T, No>(ref xt, ref vt); }
                }
            }
            else if (T.TileSize == 2)
            {
                if (wide) { Winograd512.Input2<T, Yes>(ref xi, iy, ix, ref vt); } else { Winograd256.Input2<T, Yes>(ref xi, iy, ix, ref vt); }
            }
            else
            {
                CopyPatch<T>(ref xi, iy, ix, ref patch);
                if (wide) { Winograd512.Input4<T, Yes>(ref patch, ref vt); } else { Winograd256.Input4<T, Yes>(ref patch, ref vt); }
            }
        }
    }

    /// <summary>
    /// The output pixels of tiles first .. first + count - 1 from their products M: Aᵀ M A, plus the bias
    /// (<paramref name="b"/>, not read without one), through the activation.
    /// </summary>
    public static void Output<T>(ref float m, ref float b, ref float o, int first, int count)
        where T : struct, IWinogradLayer
    {
        int size = T.TileSize;
        bool wide = T.Lanes == Vector512<float>.Count;
        for (int t = 0; t < count; t++)
        {
            (int n, int oy, int ox) = Tile<T>(first + t);
            ref float mt = ref Unsafe.Add(ref m, (nint)t * T.Filters);
            ref float ot = ref Unsafe.Add(ref o, (nint)n * T.OutputHeight * T.OutputWidth * T.OutputPixelStride + ((nint)oy * T.OutputWidth + ox) * T.OutputPixelStride);
            if (oy <= T.OutputHeight - size && ox <= T.OutputWidth - size)
            {
                if (size == 2)
                {
                    if (wide) { Winograd512.Output2<T, No>(ref mt, ref b, ref ot, 2, 2); } else { Winograd256.Output2<T, No>(ref mt, ref b, ref ot, 2, 2); }
                }
                else
                {
                    if (wide) { Winograd512.Output4<T, No>(ref mt, ref b, ref ot, 4, 4); } else { Winograd256.Output4<T, No>(ref mt, ref b, ref ot, 4, 4); }
                }
            }
            else
            {
                int rows = Math.Min(size, T.OutputHeight - oy), cols = Math.Min(size, T.OutputWidth - ox);
                if (size == 2)
                {
                    if (wide) { Winograd512.Output2<T, Yes>(ref mt, ref b, ref ot, rows, cols); } else { Winograd256.Output2<T, Yes>(ref mt, ref b, ref ot, rows, cols); }
                }
                else
                {
                    if (wide) { Winograd512.Output4<T, Yes>(ref mt, ref b, ref ot, rows, cols); } else { Winograd256.Output4<T, Yes>(ref mt, ref b, ref ot, rows, cols); }
                }
            }
        }
    }

    /// <summary>
    /// dM[ξ][t] = (A dY Aᵀ)[ξ] for the output-gradient tiles first .. first + count - 1 of the batch (the gradient is
    /// dense: <see cref="IWinogradLayer.OutputPixelStride"/> is the filters); on 256-bit vectors where the filters do
    /// not fill 512-bit ones.
    /// </summary>
    public static void Gradient<T>(ref float g, ref float m, int first, int count)
        where T : struct, IWinogradLayer
    {
        int size = T.TileSize;
        bool wide = T.Lanes == Vector512<float>.Count && T.Filters % Vector512<float>.Count == 0;
        for (int t = 0; t < count; t++)
        {
            (int n, int oy, int ox) = Tile<T>(first + t);
            ref float gt = ref Unsafe.Add(ref g, (nint)n * T.OutputHeight * T.OutputWidth * T.Filters + ((nint)oy * T.OutputWidth + ox) * T.Filters);
            ref float mt = ref Unsafe.Add(ref m, (nint)t * T.Filters);
            int rows = Math.Min(size, T.OutputHeight - oy), cols = Math.Min(size, T.OutputWidth - ox);
            if (size == 2)
            {
                if (wide) { Winograd512.Gradient2<T>(ref gt, ref mt, rows, cols); } else { Winograd256.Gradient2<T>(ref gt, ref mt, rows, cols); }
            }
            else
            {
                if (wide) { Winograd512.Gradient4<T>(ref gt, ref mt, rows, cols); } else { Winograd256.Gradient4<T>(ref gt, ref mt, rows, cols); }
            }
        }
    }

    /// <summary>
    /// Copies the (m+2)×(m+2) patch at input pixel (iy, ix) of image <paramref name="x"/> into <paramref name="patch"/>,
    /// rows m+2 pixels apart, with zeros outside the image.
    /// </summary>
    internal static void CopyPatch<T>(ref float x, int iy, int ix, ref float patch)
        where T : struct, IWinogradLayer
    {
        int alpha = T.TileSize + 2;
        for (int row = 0; row < alpha; row++)
        {
            int y = iy + row;
            for (int col = 0; col < alpha; col++)
            {
                ref float target = ref Unsafe.Add(ref patch, (row * alpha + col) * T.Channels);
                if ((uint)y < (uint)T.InputHeight && (uint)(ix + col) < (uint)T.InputWidth)
                {
                    ref float source = ref Unsafe.Add(ref x, ((nint)y * T.InputWidth + ix + col) * T.Channels);
                    for (nuint c = 0; c < (nuint)T.Channels; c += 8)
                    {
                        Vector256.LoadUnsafe(ref source, c).StoreUnsafe(ref target, c);
                    }
                }
                else
                {
                    for (nuint c = 0; c < (nuint)T.Channels; c += 8)
                    {
                        Vector256<float>.Zero.StoreUnsafe(ref target, c);
                    }
                }
            }
        }
    }

    // Image n of tile `tile` of the batch, and the top-left output pixel (y, x) of the tile.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int N, int Y, int X) Tile<T>(int tile)
        where T : struct, IWinogradLayer
    {
        int n = tile / T.TilesPerImage;
        int r = tile - n * T.TilesPerImage;
        int ty = r / T.TilesAcross;
        return (n, T.TileSize * ty, T.TileSize * (r - ty * T.TilesAcross));
    }
}
