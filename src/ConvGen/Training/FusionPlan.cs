using System;
using System.Collections.Generic;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// Which layers a convolution's generated kernels compute with it, as the generator decided and the generated network
/// handed over in its <see cref="LayerDefinition"/>s: a convolution writing its channel slice of a concatenation (no
/// copy forward, no split backward); a residual Add computed in a kernel's epilogue (training and inference, or at
/// inference on a kernel with batch normalisation folded in); the batch normalisation folded into a kernel at
/// inference; and a max pooling that applies a ReLU convolution's activation derivative (the pair then trains a few
/// images at a time). Nothing is derived here: each decision is checked against the graph, and one that does not fit
/// it throws.
/// </summary>
internal sealed class FusionPlan
{
    public FusionPlan(Layer[] layers, int[][] inputs, int[] readers, IReadOnlyList<LayerDefinition> definitions)
    {
        int count = layers.Length;
        ResidualAdd = Filled(count);
        FoldedAdd = Filled(count);
        ResidualInput = Filled(count);
        SliceOf = Filled(count);
        PooledBy = Filled(count);
        FoldedNormalization = Filled(count);
        for (int l = 0; l < count; l++)
        {
            if (definitions[l] is not LayerDefinition.Conv2DDefinition definition)
            {
                continue;
            }

            var conv = (Conv2DLayer)layers[l];
            var check = new Check(layers, inputs, readers, l);
            if (definition.SliceOf is int slice)
            {
                check.SoleReader(slice, "the concatenation it writes into");
                if (layers[slice] is not ConcatenateLayer concat || Array.IndexOf(inputs[slice], l) != Array.LastIndexOf(inputs[slice], l) || concat.Channels != conv.OutputPixelStride)
                {
                    throw check.Wrong($"writes its slice of layer {slice}, which is not a {conv.OutputPixelStride}-channel Concatenate reading it once");
                }

                int k = Array.IndexOf(inputs[slice], l);
                concat.WrittenInPlace(k);
                conv.OutputOffset = concat.SliceOffset(k);
                SliceOf[l] = slice;
            }
            else if (conv.WritesSlice)
            {
                throw check.Wrong($"has a kernel that writes a slice of a {conv.OutputPixelStride}-channel concatenation, but names no concatenation");
            }

            if (definition.Pooling is int pool)
            {
                check.SoleReader(pool, "the max pooling that applies its activation's derivative");
                if (layers[pool] is not MaxPool2DLayer pooling || conv.Activation is not (Activation.Relu or Activation.Relu6))
                {
                    throw check.Wrong($"leaves its activation's derivative to layer {pool}, which is not a max pooling, or has no ReLU to leave");
                }

                pooling.MaskedActivation = conv.Activation;
                conv.ActivationAppliedByReader = true;
                if (pool == l + 1)
                {
                    PooledBy[l] = pool;
                }
            }

            if (definition.ResidualAdd is int add)
            {
                check.SoleReader(add, "the Add its kernel computes");
                check.ResidualAdd(add, l + 1, definition.ResidualInput);
                if (!conv.CanFuseResidual)
                {
                    throw check.Wrong($"computes the Add {add} in its kernel, whose kernel has no residual epilogue");
                }

                ResidualAdd[l] = add;
                ResidualInput[l] = definition.ResidualInput!.Value;
            }

            if (definition.FoldedNormalization is int normalization)
            {
                check.SoleReader(normalization, "the batch normalisation folded into it");
                if (normalization != l + 1 || layers[normalization] is not BatchNormLayer norm || definition.FoldedKernel is null)
                {
                    throw check.Wrong($"folds layer {normalization}, which is not the next layer's batch normalisation with a folded kernel");
                }

                conv.FoldedNormalization = norm;
                FoldedNormalization[l] = normalization;
                if (definition.FoldedResidualAdd is int foldedAdd)
                {
                    new Check(layers, inputs, readers, normalization).SoleReader(foldedAdd, "the Add its folded kernel computes");
                    check.ResidualAdd(foldedAdd, l + 2, definition.ResidualInput);
                    if (!conv.CanFoldResidual)
                    {
                        throw check.Wrong($"computes the Add {foldedAdd} in its folded kernel, which has no residual epilogue");
                    }

                    FoldedAdd[l] = foldedAdd;
                    ResidualInput[l] = definition.ResidualInput!.Value;
                }
            }
            else if (definition.FoldedKernel is not null || definition.FoldedResidualAdd is not null)
            {
                throw check.Wrong("has a folded kernel but names no batch normalisation to fold");
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

    /// <summary>Per layer, the batch normalisation (the next layer) its folded kernel computes at inference (−1: none).</summary>
    public int[] FoldedNormalization { get; }

    private static int[] Filled(int count)
    {
        var values = new int[count];
        Array.Fill(values, -1);
        return values;
    }

    // Checks of one convolution's decisions against the graph; failures name the layer and the decision.
    private readonly struct Check(Layer[] layers, int[][] inputs, int[] readers, int layer)
    {
        public InvalidOperationException Wrong(string what) =>
            new($"Layer '{layers[layer].Name}' was generated as a convolution that {what}; the network's declaration and its generated code disagree.");

        // `reader` reads this layer's output, and nothing else does.
        public void SoleReader(int reader, string role)
        {
            if (reader <= layer || reader >= layers.Length || readers[layer + 1] != 1 || Array.IndexOf(inputs[reader], layer) < 0)
            {
                throw Wrong($"is read only by {role}, layer {reader}, which the graph does not say");
            }
        }

        // `add` is a two-input Add of `first` (the layer the fused chain ends in) and `residual`, computed before this layer.
        public void ResidualAdd(int add, int first, int? residual)
        {
            if (add != first || layers[add] is not AddLayer || inputs[add].Length != 2 || residual is not int other || other >= layer ||
                !(inputs[add][0] == first - 1 && inputs[add][1] == other || inputs[add][1] == first - 1 && inputs[add][0] == other))
            {
                throw Wrong($"computes the residual Add {add} of layer {first - 1} and an earlier residual {residual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, which the graph does not say");
            }
        }
    }
}
