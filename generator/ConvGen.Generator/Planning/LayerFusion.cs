using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// Which neighbours a convolution's kernel absorbs, read off the layer graph once, here; the generated network
    /// hands the decisions to the runtime (<see cref="LayerPlan"/>):
    /// <list type="bullet">
    /// <item>a convolution read only by a Concatenate writes straight into its channel slice (pixel stride = the
    /// concatenation's channels), so the merge copies nothing;</item>
    /// <item>a convolution without activation read only by a two-input Add, whose other input comes earlier, gets a
    /// residual epilogue (activation(conv + bias + residual)), so the Add costs no pass;</item>
    /// <item>a convolution without activation read only by batch normalisation gets a forward-only kernel with the
    /// normalisation folded in (inference), itself with a residual epilogue when the normalisation (without
    /// activation) is read only by such an Add;</item>
    /// <item>a ReLU or ReLU6 convolution read only by a max pooling leaves its activation's derivative to the pooling,
    /// which applies it on the pooled gradient (and, when the pooling is the next layer, training runs the pair a few
    /// images at a time).</item>
    /// </list>
    /// </summary>
    internal static class LayerFusion
    {
        /// <summary>The plan of layer <paramref name="index"/>: its kernels (for a convolution) and what they absorb.</summary>
        public static LayerPlan Plan(EquatableArray<LayerModel> layers, int index, bool weightGradient, bool inputGradient)
        {
            LayerModel layer = layers[index];
            var plan = new LayerPlan(layer);
            if (layer.Conv is null)
            {
                return plan;
            }

            ConvModel conv = layer.Conv;
            int reader = SoleReader(layers, index);
            if (!conv.Depthwise && reader >= 0 && layers[reader].Kind == LayerKind.Concatenate && Count(layers[reader].Inputs, index) == 1)
            {
                conv = conv with { OutputStride = layers[reader].Output.Channels };
                plan = plan with { SliceOf = reader };
            }
            else if (!conv.Depthwise && conv.Activation == ActivationNames.None && reader == index + 1 && OtherAddInput(layers, reader, index) is int residual)
            {
                conv = conv with { ResidualActivation = layers[reader].Activation };
                plan = plan with { ResidualAdd = reader, ResidualInput = residual };
            }
            else if (reader >= 0 && layers[reader].Kind == LayerKind.MaxPool2D && (conv.Activation == ActivationNames.Relu || conv.Activation == ActivationNames.Relu6))
            {
                plan = plan with { Pooling = reader };
            }

            plan = plan with { Kernel = KernelSpec.Create(conv, weightGradient, inputGradient) };
            if (layer.Conv.Activation == ActivationNames.None && reader == index + 1 && layers[reader].Kind == LayerKind.BatchNormalization)
            {
                LayerModel norm = layers[reader];
                ConvModel folded = layer.Conv with { UseBias = true, Activation = norm.Activation };
                plan = plan with { FoldedNormalization = reader };
                int next = SoleReader(layers, reader);
                if (!folded.Depthwise && norm.Activation == ActivationNames.None && next == index + 2 && OtherAddInput(layers, next, index) is int shortcut)
                {
                    folded = folded with { ResidualActivation = layers[next].Activation };
                    plan = plan with { FoldedResidualAdd = next, ResidualInput = shortcut };
                }

                plan = plan with { Folded = KernelSpec.Create(folded, weightGradient: false, inputGradient: false) };
            }

            return plan;
        }

        /// <summary>
        /// Whether anything trainable lies at or before each layer: a convolution needs its input gradient only when
        /// its input has such a layer upstream (a network's first convolution never does).
        /// </summary>
        public static bool[] TrainableUpstream(EquatableArray<LayerModel> layers)
        {
            var upstream = new bool[layers.Count];
            for (int l = 0; l < layers.Count; l++)
            {
                LayerModel layer = layers[l];
                bool any = layer.Conv != null || layer.Kind == LayerKind.Dense || layer.Kind == LayerKind.BatchNormalization;
                foreach (int input in InputsOf(layers, l))
                {
                    any |= input >= 0 && upstream[input];
                }

                upstream[l] = any;
            }

            return upstream;
        }

        /// <summary>The layers layer <paramref name="index"/> reads (−1: the network's input).</summary>
        public static IEnumerable<int> InputsOf(EquatableArray<LayerModel> layers, int index) =>
            layers[index].Inputs.Count > 0 ? (IEnumerable<int>)layers[index].Inputs : new[] { index - 1 };

        // The input of the two-input Add at `add` other than its previous layer, when computed before layer `first`.
        private static int? OtherAddInput(EquatableArray<LayerModel> layers, int add, int first)
        {
            LayerModel merge = layers[add];
            if (merge.Kind != LayerKind.Add || merge.Inputs.Count != 2)
            {
                return null;
            }

            int other = merge.Inputs[0] == add - 1 ? merge.Inputs[1] : merge.Inputs[1] == add - 1 ? merge.Inputs[0] : int.MaxValue;
            return other < first ? other : (int?)null;
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
