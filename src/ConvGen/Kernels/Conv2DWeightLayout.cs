using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// How convolution weights are laid out: output channels in blocks of <see cref="BlockWidth"/>
/// (<c>[block][tap][ci][lane]</c>), the last block rounded up to whole vectors of <see cref="Lanes"/>.
/// Keras's HWIO order is the single block as wide as the filters, lanes 1.
/// </summary>
public readonly record struct Conv2DWeightLayout(int BlockWidth, int Lanes)
{
    /// <summary>The HWIO layout for <paramref name="filters"/> output channels.</summary>
    public static Conv2DWeightLayout Hwio(int filters) => new(filters, 1);

    /// <summary>Floats this layout needs for <paramref name="shape"/>.</summary>
    public int Length(in Conv2DShape shape) =>
        Conv2DWeightPacking.PackedLength(shape.KernelSize * shape.KernelSize, shape.Channels, shape.Filters, BlockWidth, Lanes);
}
