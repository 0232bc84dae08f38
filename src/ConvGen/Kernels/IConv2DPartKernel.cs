using System;

namespace ConvGen;

/// <summary>
/// A kernel whose forward pass can be split into shares of the batch's output rows (or Winograd tiles), each computed
/// exactly as the whole pass computes it: what lets threads that outnumber the images share one convolution. The
/// generated kernels' adapters have it (<see cref="__Internals.ForwardKernel{TKernel}"/>); whether the code chosen on
/// the calling thread has the shares is <see cref="ForwardSplits"/>.
/// </summary>
internal interface IConv2DPartKernel
{
    /// <summary>Whether <see cref="ForwardPart"/> may be called on this thread now (false on the generic path).</summary>
    bool ForwardSplits { get; }

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="IConv2DKernel.Forward"/>.</summary>
    void ForwardPart(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts);
}
