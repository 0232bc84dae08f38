using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Which neighbours a convolution's kernel absorbs, read off the layer graph (the runtime applies the same rules):
    /// <list type="bullet">
    /// <item>a convolution read only by a Concatenate writes straight into its channel slice (pixel stride = the
    /// concatenation's channels), so the merge copies nothing;</item>
    /// <item>a convolution without activation read only by a two-input Add, whose other input comes earlier, gets a
    /// residual epilogue (activation(conv + bias + residual)), so the Add costs no pass;</item>
    /// <item>a convolution without activation read only by batch normalisation gets a forward-only kernel with the
    /// normalisation folded in (inference), itself with a residual epilogue when the normalisation (without
    /// activation) is read only by such an Add.</item>
    /// </list>
    /// </summary>
    internal static class LayerFusion
    {
        /// <summary>The kernel model of layer <paramref name="index"/> with its slice stride or residual epilogue.</summary>
        public static ConvModel Kernel(EquatableArray<LayerModel> layers, int index)
        {
            ConvModel conv = layers[index].Conv!;
            if (conv.Depthwise)
            {
                return conv;
            }

            int reader = SoleReader(layers, index);
            if (reader >= 0 && layers[reader].Kind == LayerKind.Concatenate && Count(layers[reader].Inputs, index) == 1)
            {
                return conv with { OutputStride = layers[reader].Output.Channels };
            }

            if (conv.Activation == ActivationNames.None && reader == index + 1 && IsResidualAdd(layers, reader, index))
            {
                return conv with { ResidualActivation = layers[reader].Activation };
            }

            return conv;
        }

        /// <summary>The forward-only kernel with the following batch normalisation folded in, or null.</summary>
        public static ConvModel? Folded(EquatableArray<LayerModel> layers, int index)
        {
            LayerModel layer = layers[index];
            if (layer.Conv is null || index + 1 >= layers.Count || layers[index + 1].Kind != LayerKind.BatchNormalization
                || layer.Conv.Activation != ActivationNames.None || SoleReader(layers, index) != index + 1)
            {
                return null;
            }

            LayerModel norm = layers[index + 1];
            ConvModel folded = layer.Conv with { UseBias = true, Activation = norm.Activation };
            int reader = SoleReader(layers, index + 1);
            if (!folded.Depthwise && norm.Activation == ActivationNames.None && reader == index + 2 && IsResidualAdd(layers, reader, index))
            {
                folded = folded with { ResidualActivation = layers[reader].Activation };
            }

            return folded;
        }

        // A two-input Add whose input other than the fused chain (starting at layer `first`) is computed before it.
        private static bool IsResidualAdd(EquatableArray<LayerModel> layers, int add, int first)
        {
            LayerModel merge = layers[add];
            if (merge.Kind != LayerKind.Add || merge.Inputs.Count != 2)
            {
                return false;
            }

            int other = merge.Inputs[0] == add - 1 ? merge.Inputs[1] : merge.Inputs[1] == add - 1 ? merge.Inputs[0] : int.MaxValue;
            return other < first;
        }

        // The one layer reading layer `index`'s output, or −1 when none or several do (or it is the network's output).
        private static int SoleReader(EquatableArray<LayerModel> layers, int index)
        {
            int reader = -1;
            for (int j = index + 1; j < layers.Count; j++)
            {
                int reads = layers[j].Inputs.Count > 0 ? Count(layers[j].Inputs, index) : j - 1 == index ? 1 : 0;
                if (reads > 0)
                {
                    if (reader >= 0 || reads > 1)
                    {
                        return -1;
                    }

                    reader = j;
                }
            }

            return reader;
        }

        private static int Count(IEnumerable<int> values, int value)
        {
            int count = 0;
            foreach (int v in values)
            {
                count += v == value ? 1 : 0;
            }

            return count;
        }
    }
}
