using System;

namespace ConvGen;

/// <summary>
/// Which layers a convolution's generated kernel computes with it, read off the graph with the generator's rules:
/// a convolution read only by a Concatenate writes its channel slice of the merged buffer (no copy forward, no split
/// backward); a convolution read only by a two-input Add (whose other input comes earlier) computes the Add in its
/// epilogue; and, at inference, a convolution with batch normalisation folded in does the same for an Add reading
/// the normalisation.
/// </summary>
internal sealed class FusionPlan
{
    public FusionPlan(Layer[] layers, int[][] inputs, int[] readers)
    {
        int count = layers.Length;
        ResidualAdd = Filled(count);
        FoldedAdd = Filled(count);
        ResidualInput = Filled(count);
        SliceOf = Filled(count);
        PooledBy = Filled(count);
        var soleReader = Filled(count + 1);
        for (int l = 0; l < count; l++)
        {
            foreach (int input in inputs[l])
            {
                soleReader[input + 1] = readers[input + 1] == 1 ? l : -1;
            }
        }

        for (int l = 0; l < count; l++)
        {
            if (layers[l] is not Conv2DLayer conv)
            {
                continue;
            }

            int reader = soleReader[l + 1];
            if (conv.WritesSlice)
            {
                int k = reader < 0 ? -1 : Array.IndexOf(inputs[reader], l);
                if (k < 0 || layers[reader] is not ConcatenateLayer concat || concat.Channels != conv.OutputPixelStride)
                {
                    throw new InvalidOperationException(
                        $"Layer '{conv.Name}' was generated to write its slice of a {conv.OutputPixelStride}-channel concatenation, but its output is not read by exactly one such Concatenate.");
                }

                concat.WrittenInPlace(k);
                conv.OutputOffset = concat.SliceOffset(k);
                SliceOf[l] = reader;
                continue;
            }

            // A max pooling that alone reads a ReLU convolution passes back the gradient only where its maximum is
            // positive (below 6 for ReLU6): the convolution's activation derivative, applied on the pooled tensor.
            if (reader >= 0 && layers[reader] is MaxPool2DLayer pool && conv.Activation is Activation.Relu or Activation.Relu6)
            {
                pool.MaskedActivation = conv.Activation;
                conv.ActivationAppliedByReader = true;
                if (reader == l + 1)
                {
                    PooledBy[l] = reader;
                }
            }

            if (conv.CanFuseResidual && reader == l + 1 && OtherAddInput(layers, inputs, reader, l) is int other)
            {
                ResidualAdd[l] = reader;
                ResidualInput[l] = other;
            }

            if (conv.CanFoldResidual && reader == l + 1 && layers[l + 1] is BatchNormLayer && soleReader[l + 2] == l + 2
                && OtherAddInput(layers, inputs, l + 2, l) is int shortcut)
            {
                FoldedAdd[l] = l + 2;
                ResidualInput[l] = shortcut;
            }
        }
    }

    /// <summary>Per layer, the Add its kernel computes in training and inference (−1: none).</summary>
    public int[] ResidualAdd { get; }

    /// <summary>Per layer, the Add its folded kernel computes at inference (−1: none).</summary>
    public int[] FoldedAdd { get; }

    /// <summary>Per layer with a fused Add, the Add's other input (the residual; −1 is the network's input).</summary>
    public int[] ResidualInput { get; }

    /// <summary>
    /// Per layer, the max pooling right after it that alone reads it and applies its activation's derivative (−1:
    /// none): the convolution's output is then needed only until the pooling has read it, and its gradient only until
    /// the convolution has read it, so training can run the pair image chunk by image chunk.
    /// </summary>
    public int[] PooledBy { get; }

    /// <summary>Per layer, the concatenation whose buffer it writes into (−1: its own buffer).</summary>
    public int[] SliceOf { get; }

    // The input of the two-input Add at `add` other than its previous layer, when computed before `first`.
    private static int? OtherAddInput(Layer[] layers, int[][] inputs, int add, int first)
    {
        if (layers[add] is not AddLayer || inputs[add].Length != 2)
        {
            return null;
        }

        int[] pair = inputs[add];
        int other = pair[0] == add - 1 ? pair[1] : pair[1] == add - 1 ? pair[0] : int.MaxValue;
        return other < first ? other : null;
    }

    private static int[] Filled(int count)
    {
        var values = new int[count];
        Array.Fill(values, -1);
        return values;
    }
}
