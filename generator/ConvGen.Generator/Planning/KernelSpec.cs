using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// One kernel to generate: the convolution its forward pass computes, with its epilogue (activation, the output's
    /// pixel stride, a fused residual Add), and the passes a network or a standalone class needs besides the forward
    /// one. Specs equal in <see cref="Conv"/> are the same kernel: a compilation generates each once, with the union of
    /// the passes its users need (<see cref="Union"/>).
    /// </summary>
    internal sealed record KernelSpec(ConvModel Conv, bool WeightGradient, bool InputGradient)
    {
        /// <summary>
        /// The spec of <paramref name="conv"/>, with <see cref="ConvModel.WinogradAllowed"/> set where it changes
        /// nothing (a layer Winograd cannot apply to is the same kernel with or without the opt-out).
        /// </summary>
        public static KernelSpec Create(ConvModel conv, bool weightGradient, bool inputGradient)
        {
            if (!conv.WinogradAllowed)
            {
                ConvModel allowed = conv with { WinogradAllowed = true };
                if (!WinogradPlan.Applies(allowed) && WinogradPlan.BackwardData(allowed) is null)
                {
                    conv = allowed;
                }
            }

            // An input gradient is computed only for layers that train (a network's or a standalone class's).
            return new KernelSpec(conv, weightGradient || inputGradient, inputGradient);
        }

        /// <summary>The same kernel computing every pass either spec needs.</summary>
        public KernelSpec Union(KernelSpec other) =>
            this with { WeightGradient = WeightGradient || other.WeightGradient, InputGradient = InputGradient || other.InputGradient };

        /// <summary>The generated struct's name (<see cref="KernelNames"/>).</summary>
        public string Name => KernelNames.Of(Conv);

        /// <summary>
        /// The kernels a compilation generates: one per distinct <see cref="Conv"/>, with the union of the passes every
        /// user of it needs, in the order of their names (so an added kernel leaves the others where they were).
        /// </summary>
        public static IEnumerable<KernelSpec> Distinct(IEnumerable<KernelSpec> specs)
        {
            var merged = new Dictionary<ConvModel, KernelSpec>();
            foreach (KernelSpec spec in specs)
            {
                merged[spec.Conv] = merged.TryGetValue(spec.Conv, out KernelSpec? known) ? known.Union(spec) : spec;
            }

            return merged.Values.OrderBy(s => s.Name, StringComparer.Ordinal);
        }
    }
}
