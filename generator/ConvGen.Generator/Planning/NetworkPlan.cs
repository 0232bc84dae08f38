using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// A network as the emitters print it: each layer with the kernels it runs and the fusion decisions
    /// (<see cref="LayerFusion"/>), built once from the parsed model. Equatable, so an edit that leaves the plan as it
    /// was emits nothing again.
    /// </summary>
    internal sealed record NetworkPlan(NetworkModel Model, EquatableArray<LayerPlan> Layers)
    {
        public static NetworkPlan Create(NetworkModel model)
        {
            bool[] upstream = LayerFusion.TrainableUpstream(model.Layers);
            bool trains = !model.InferenceOnly;
            var layers = new List<LayerPlan>(model.Layers.Count);
            for (int l = 0; l < model.Layers.Count; l++)
            {
                int source = model.Layers[l].Inputs.Count > 0 ? model.Layers[l].Inputs[0] : l - 1;
                bool inputGradient = trains && source >= 0 && upstream[source];
                LayerPlan layer = LayerFusion.Plan(model.Layers, l, weightGradient: trains, inputGradient);
                if (model.InferenceOnly && layer.Folded != null)
                {
                    // Inference folds the normalisation; the unfolded convolution (FoldBatchNormalization = false, or
                    // the layer's own output) runs on the runtime's generic kernel.
                    layer = layer with { Kernel = null };
                }

                layers.Add(layer);
            }

            return new NetworkPlan(model, new EquatableArray<LayerPlan>(layers));
        }

        /// <summary>Every kernel the network runs (a spec may appear more than once).</summary>
        public IEnumerable<KernelSpec> Kernels
        {
            get
            {
                foreach (LayerPlan layer in Layers)
                {
                    if (layer.Kernel != null)
                    {
                        yield return layer.Kernel;
                    }

                    if (layer.Folded != null)
                    {
                        yield return layer.Folded;
                    }
                }
            }
        }
    }
}
