namespace ConvGen;

/// <summary>Which forward pass of a <see cref="Conv2DLayer"/> a split between threads runs (see <see cref="ConvolutionSplit"/>).</summary>
internal enum ConvolutionPass
{
    /// <summary><see cref="Conv2DLayer.Forward"/>: the convolution alone.</summary>
    Plain,

    /// <summary><see cref="Conv2DLayer.ForwardResidual"/>: with the residual Add that reads it.</summary>
    Residual,

    /// <summary><see cref="Conv2DLayer.ForwardFolded"/>: with the batch normalisation folded in.</summary>
    Folded,

    /// <summary><see cref="Conv2DLayer.ForwardFoldedResidual"/>: folded, and with the residual Add.</summary>
    FoldedResidual,
}
