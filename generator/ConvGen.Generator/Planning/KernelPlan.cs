using System.Collections.Generic;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// Everything about one kernel that is decided at compile time, built once from its <see cref="KernelSpec"/>: per
    /// pass (forward, residual forward, input gradient, weight gradient) and per vector width, the direct
    /// convolution's tiling and whether it runs Winograd instead. The emitters print this and decide nothing.
    /// </summary>
    internal sealed class KernelPlan
    {
        private KernelPlan(KernelSpec spec)
        {
            Spec = spec;
            ConvModel conv = spec.Conv;
            if (conv.Depthwise)
            {
                Forward = new PassPlan(isa => new WidthPass(isa, ConvPlan.CreateDepthwise(ConvGeometry.Forward(conv), isa), null, emitsDirect: true));
                if (spec.InputGradient)
                {
                    InputGradient = new PassPlan(isa => new WidthPass(isa, ConvPlan.CreateDepthwise(ConvGeometry.BackwardData(conv), isa), null, emitsDirect: true));
                }

                if (spec.WeightGradient)
                {
                    WeightGradient = Forward;
                }

                int row = (conv.Channels + VectorIsa.Avx512.Lanes - 1) / VectorIsa.Avx512.Lanes * VectorIsa.Avx512.Lanes;
                int taps = conv.KernelSize * conv.KernelSize;
                ForwardWeights = new PackedBuffer(new[] { new PackedLayoutPlan("All", PackedKind.Depthwise, taps * row, row, VectorIsa.Avx512.Lanes) });
                if (spec.InputGradient)
                {
                    InputGradientWeights = new PackedBuffer(new[] { new PackedLayoutPlan("All", PackedKind.DepthwiseFlipped, taps * row, row, VectorIsa.Avx512.Lanes) });
                }

                return;
            }

            // A pass that runs Winograd gets no direct code: nothing would run it but KernelDispatch.ForceDirect() (and
            // DisableWinograd), comparison switches under which the runtime's generic kernel runs instead. Its 256-bit
            // direct layout is still planned: the generic kernel reads it.
            bool winograd = WinogradPlan.Applies(conv);
            Forward = new PassPlan(isa => new WidthPass(isa, ConvPlan.Create(conv, isa), winograd ? WinogradPlan.Create(conv, isa) : null, emitsDirect: !winograd));
            if (conv.ResidualActivation >= 0)
            {
                ResidualForward = new PassPlan(isa => new WidthPass(isa, ConvPlan.Create(ConvGeometry.ForwardResidual(conv), isa), null, emitsDirect: true));
            }

            if (spec.InputGradient)
            {
                DataWinograd = WinogradPlan.BackwardData(conv);
                ConvModel? data = DataWinograd;
                InputGradient = new PassPlan(isa => new WidthPass(isa, ConvPlan.Create(ConvGeometry.BackwardData(conv), isa), data is null ? null : WinogradPlan.Create(data, isa), emitsDirect: data is null));
            }

            if (spec.WeightGradient)
            {
                bool gradient = WinogradPlan.AppliesToWeightGradient(conv);
                WeightGradient = new PassPlan(isa => new WidthPass(isa, ConvPlan.Create(conv, isa), gradient ? WinogradPlan.CreateGradient(conv, isa) : null, emitsDirect: !gradient));
            }

            ForwardWeights = Buffer(Forward, PackedKind.Direct, PackedKind.Winograd, ResidualForward);
            if (InputGradient != null)
            {
                InputGradientWeights = Buffer(InputGradient, PackedKind.DirectFlippedTransposed, PackedKind.WinogradFlippedTransposed, null);
            }
        }

        // A pass's packed weights: the direct layouts (the 256-bit one always: the generic kernel reads it; the 512-bit
        // one when direct code of that width reads it), then the Winograd layouts, 256-bit before 512-bit.
        private static PackedBuffer Buffer(PassPlan pass, PackedKind direct, PackedKind winograd, PassPlan? residual)
        {
            var layouts = new List<PackedLayoutPlan>();
            foreach (VectorIsa isa in VectorIsa.PackingOrder)
            {
                WidthPass width = pass.Of(isa);
                if (isa == VectorIsa.Avx2 || width.EmitsDirect || residual != null)
                {
                    layouts.Add(new PackedLayoutPlan(width.DirectFlag, direct, width.Direct.PackedWeightLength, width.Direct.BlockWidth, isa.Lanes));
                }
            }

            foreach (VectorIsa isa in VectorIsa.PackingOrder)
            {
                if (pass.Of(isa).Winograd is WinogradPlan plan)
                {
                    layouts.Add(new PackedLayoutPlan(pass.Of(isa).WinogradFlag, winograd, plan.PackedWeightLength, plan.Gemm.BlockWidth, isa.Lanes, plan.PaddedChannels, plan.TileSize));
                }
            }

            return new PackedBuffer(layouts);
        }

        public KernelSpec Spec { get; }

        /// <summary>The convolution the forward pass computes.</summary>
        public ConvModel Conv => Spec.Conv;

        public bool Depthwise => Spec.Conv.Depthwise;

        /// <summary>The forward pass: direct tiles per width, and the Winograd kernel where it applies.</summary>
        public PassPlan Forward { get; }

        /// <summary>The forward pass with a residual Add in its epilogue (direct), or null.</summary>
        public PassPlan? ResidualForward { get; }

        /// <summary>The input gradient: the direct template on the backward geometry, and Winograd where it applies; or null.</summary>
        public PassPlan? InputGradient { get; }

        /// <summary>The convolution the input gradient's Winograd kernel computes (filters → channels, flipped kernel), or null.</summary>
        public ConvModel? DataWinograd { get; }

        /// <summary>The weight gradient: its direct template on the forward tiling, and Winograd where it applies; or null.</summary>
        public PassPlan? WeightGradient { get; }

        /// <summary>The forward pass's packed weights (a residual epilogue reads the direct layouts).</summary>
        public PackedBuffer ForwardWeights { get; }

        /// <summary>The input gradient's packed weights (the kernel flipped and transposed), or null.</summary>
        public PackedBuffer? InputGradientWeights { get; }

        /// <summary>Floats of scratch the input gradient needs: one zero-upsampled gradient image at stride 2, else 0.</summary>
        public int InputGradientScratchLength
        {
            get
            {
                if (Conv.Stride == 1)
                {
                    return 0;
                }

                ConvGeometry data = ConvGeometry.BackwardData(Conv);
                return data.Height * data.Width * data.Channels;
            }
        }

        public static KernelPlan Create(KernelSpec spec) => new KernelPlan(spec);

        /// <summary>
        /// What the Info diagnostic CG0100 says about <paramref name="conv"/>'s forward code (its direct tiles, or its
        /// Winograd kernel's 1×1 products): their reduction at each width that loops over chunks of input channels (the
        /// 512-bit tiles, with more accumulators, loop sooner); null when every tile is one fully unrolled body.
        /// </summary>
        public static (long FusedFmas, int Budget, string Description)? ForwardSegmentation(ConvModel conv)
        {
            long fmas = 0;
            int budget = ConvPlan.FmaBudget;
            var parts = new List<string>();
            bool winograd = WinogradPlan.Applies(conv);
            foreach (VectorIsa isa in VectorIsa.All)
            {
                // The forward code generated: the direct tiles, or a Winograd kernel's 1x1 products.
                ConvPlan plan = winograd ? WinogradPlan.Create(conv, isa).Gemm : ConvPlan.Create(conv, isa);
                if (plan.Looped)
                {
                    fmas = System.Math.Max(fmas, plan.FusedFmas);
                    budget = plan.Budget;
                    parts.Add($"{plan.DescribeSegmentation()} ({isa.Lanes * 32}-bit{(winograd ? " Winograd products" : string.Empty)})");
                }
            }

            return parts.Count == 0 ? null : ((long, int, string)?)(fmas, budget, string.Join("; ", parts));
        }
    }

    /// <summary>One pass of a kernel at every vector width, widest first (the dispatch order).</summary>
    internal sealed class PassPlan
    {
        private readonly WidthPass[] _widths;

        public PassPlan(System.Func<VectorIsa, WidthPass> plan)
        {
            _widths = new WidthPass[VectorIsa.All.Length];
            for (int i = 0; i < _widths.Length; i++)
            {
                _widths[i] = plan(VectorIsa.All[i]);
            }
        }

        public IReadOnlyList<WidthPass> Widths => _widths;

        /// <summary>The kinds of code the pass was generated with, as <c>PackedLayouts</c> flags (<c>Vector512Winograd</c>, …).</summary>
        public IEnumerable<string> Code
        {
            get
            {
                foreach (WidthPass width in _widths)
                {
                    if (width.Winograd != null)
                    {
                        yield return width.WinogradFlag;
                    }

                    if (width.EmitsDirect)
                    {
                        yield return width.DirectFlag;
                    }
                }
            }
        }

        /// <summary>Whether the pass runs Winograd (at every width, or none).</summary>
        public bool Winograd => _widths[0].Winograd != null;

        public WidthPass Of(VectorIsa isa)
        {
            foreach (WidthPass width in _widths)
            {
                if (width.Isa == isa)
                {
                    return width;
                }
            }

            throw new System.ArgumentException("No plan for " + isa.Suffix, nameof(isa));
        }
    }

    /// <summary>A pass at one vector width: the direct convolution's tiling, and the Winograd plan when it runs Winograd.</summary>
    internal sealed class WidthPass
    {
        public WidthPass(VectorIsa isa, ConvPlan direct, WinogradPlan? winograd, bool emitsDirect)
        {
            Isa = isa;
            Direct = direct;
            Winograd = winograd;
            EmitsDirect = emitsDirect;
        }

        public VectorIsa Isa { get; }

        /// <summary>The direct convolution's tiling (its 256-bit block width also lays out the generic kernel's weights).</summary>
        public ConvPlan Direct { get; }

        /// <summary>Whether the direct convolution is generated at this width (something can run it).</summary>
        public bool EmitsDirect { get; }

        /// <summary>The <c>PackedLayouts</c> flag of this width's direct code and layout.</summary>
        public string DirectFlag => Isa.Vector + "Direct";

        /// <summary>The <c>PackedLayouts</c> flag of this width's Winograd code and layout.</summary>
        public string WinogradFlag => Isa.Vector + "Winograd";

        public WinogradPlan? Winograd { get; }
    }
}
