namespace ConvGen;

/// <summary>
/// The per-image shape of a layer's output in a <see cref="NetworkGraph"/>: <see cref="Height"/> × <see cref="Width"/>
/// × <see cref="Channels"/> for spatial (NHWC) tensors, or <see cref="Features"/> floats for flat ones.
/// </summary>
/// <param name="Height">Rows of a spatial tensor (the last spatial tensor's, for a flat one).</param>
/// <param name="Width">Columns of a spatial tensor (the last spatial tensor's, for a flat one).</param>
/// <param name="Channels">Channels of a spatial tensor (the last spatial tensor's, for a flat one).</param>
/// <param name="Features">Floats of a flat tensor; −1 for a spatial one.</param>
internal readonly record struct LayerShape(int Height, int Width, int Channels, int Features = -1)
{
    /// <summary>True for a flat tensor (after Flatten or Dense).</summary>
    public bool IsFlat => Features >= 0;

    /// <summary>Floats per image.</summary>
    public int Length => IsFlat ? Features : Height * Width * Channels;

    /// <summary>The channels batch normalisation and Add count per image position: the features of a flat tensor.</summary>
    public int LastAxis => IsFlat ? Features : Channels;

    /// <inheritdoc />
    public override string ToString() => IsFlat ? $"{Features}" : $"{Height}x{Width}x{Channels}";
}
