using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes one kernel's file: a struct in <see cref="RuntimeNames.GeneratedNamespace"/> that implements the static
    /// interfaces of the passes it has (forward; residual; weight gradient; input gradient), each member one line naming
    /// the code and the slice of packed weights it reads, and then the code itself, one nested class per pass and vector
    /// width. Argument checks, the choice of code and the generic fallback are the runtime's (<c>GeneratedCalls</c>).
    /// </summary>
    internal static class KernelEmitter
    {
        private const string ForwardParameters = "ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch";
        private const string ResidualParameters = "ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch";
        private const string PartParameters = ", int part, int parts";
        private const string WeightGradientParameters = "ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch";
        private const string InputGradientParameters = "ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch";
        private const string PackingParameters = "ReadOnlySpan<float> weightsHwio, Span<float> packed, " + RuntimeNames.PackedLayouts + " layouts";

        public static string Emit(KernelPlan plan)
        {
            var w = new SourceWriter();
            FileHeader.WriteKernelFile(w);
            KernelSpec spec = plan.Spec;
            ConvModel conv = plan.Conv;
            string name = KernelNames.Of(conv);
            string description = conv.Describe();
            bool residual = plan.ResidualForward != null;
            var interfaces = new List<string> { residual ? RuntimeNames.IGeneratedResidualConv2D : RuntimeNames.IGeneratedConv2D };
            if (spec.WeightGradient)
            {
                interfaces.Add(RuntimeNames.IGeneratedWeightGradient);
            }

            if (spec.InputGradient)
            {
                interfaces.Add(RuntimeNames.IGeneratedInputGradient);
            }

            string passes = "forward" + (residual ? ", forward with a residual Add" : string.Empty) + (spec.WeightGradient ? ", weight gradient" : string.Empty) + (spec.InputGradient ? ", input gradient" : string.Empty);
            w.Line($"/// <summary>{CSharpText.Xml(description)}: {passes}.</summary>");
            w.Open($"internal readonly struct {name} : {string.Join(", ", interfaces)}");
            w.Line($"/// <summary>The kernel, with the passes it has.</summary>");
            w.Line($"public static {RuntimeNames.IConv2DKernel} Kernel {{ get; }} = new {Adapter(spec, residual)}<{name}>();");
            w.Line();
            w.Line($"public static {RuntimeNames.Conv2DShape} Shape => {Shape(conv)};");
            EmitForwardMembers(w, plan);
            if (plan.ResidualForward != null)
            {
                EmitResidualMembers(w, plan, plan.ResidualForward);
            }

            if (plan.WeightGradient != null)
            {
                EmitWeightGradientMembers(w, plan.WeightGradient, plan.Depthwise);
            }

            if (plan.InputGradient != null)
            {
                EmitInputGradientMembers(w, plan, plan.InputGradient, plan.InputGradientWeights!);
            }

            EmitCode(w, plan, description);
            w.Close();
            return w.ToString();
        }

        /// <summary>A <c>Conv2DShape</c> expression for <paramref name="conv"/>.</summary>
        public static string Shape(ConvModel conv) =>
            $"new {RuntimeNames.Conv2DShape}({I(conv.Height)}, {I(conv.Width)}, {I(conv.Channels)}, {I(conv.Filters)}, {I(conv.KernelSize)}, {I(conv.Stride)}, " +
            $"{RuntimeNames.PaddingValue(conv.Padding)}, {RuntimeNames.ActivationValue(conv.Activation)}, {Bool(conv.UseBias)}{(conv.Depthwise ? ", Depthwise: true" : string.Empty)})" +
            Initializer(conv);

        private static string Initializer(ConvModel conv)
        {
            var members = new System.Collections.Generic.List<string>();
            if (conv.OutputStride != 0)
            {
                members.Add($"OutputPixelStride = {I(conv.OutputStride)}");
            }

            if (conv.HasPads)
            {
                members.Add($"Pads = new {RuntimeNames.ExplicitPads}({I(conv.Pads[0])}, {I(conv.Pads[1])}, {I(conv.Pads[2])}, {I(conv.Pads[3])})");
            }

            return members.Count == 0 ? string.Empty : " { " + string.Join(", ", members) + " }";
        }

        // The runtime adapter that exposes the struct's passes as the public kernel interfaces.
        private static string Adapter(KernelSpec spec, bool residual) =>
            (residual, spec.WeightGradient, spec.InputGradient) switch
            {
                (false, false, _) => RuntimeNames.ForwardKernel,
                (true, false, _) => RuntimeNames.ResidualKernel,
                (false, true, false) => RuntimeNames.WeightGradientKernel,
                (false, true, true) => RuntimeNames.TrainingKernel,
                (true, true, false) => RuntimeNames.ResidualWeightGradientKernel,
                (true, true, true) => RuntimeNames.ResidualTrainingKernel,
            };

        private static void EmitForwardMembers(SourceWriter w, KernelPlan plan)
        {
            PackedBuffer buffer = plan.ForwardWeights;
            w.Line();
            w.Line(plan.Depthwise
                ? "/// <summary>Floats per tap row of the packed weights (the channels padded to whole vectors), which the generic kernel reads too.</summary>"
                : "/// <summary>Output channels per block of the 256-bit direct layout, which the generic kernel reads too.</summary>");
            w.Line($"public static int BlockWidth => {buffer.Layouts[0].BlockWidth};");
            w.Line();
            w.Line($"public static int PackedWeightLength => {buffer.Length};");
            w.Line();
            w.Line($"public static {RuntimeNames.PackedLayouts} ForwardCode => {Flags(plan.Forward.Code)};");
            w.Line();
            EmitPacking(w, "PackWeights", buffer, plan.Conv);
            if (!plan.Depthwise)
            {
                w.Line();
                w.Line("public static bool HasParts => true;");
            }

            foreach (WidthPass width in plan.Forward.Widths)
            {
                string bits = Bits(width.Isa);
                if (width.Winograd != null)
                {
                    string weights = Slice("packedWeights", buffer.Of(width.WinogradFlag));
                    w.Line();
                    w.Line($"public static void Winograd{bits}({ForwardParameters}) =>");
                    w.Line($"    {WinogradEmitter.ClassName(width.Isa)}.Run(input, {weights}, bias, output, batch);");
                    if (!plan.Depthwise)
                    {
                        w.Line();
                        w.Line($"public static void Winograd{bits}Part({ForwardParameters}{PartParameters}) =>");
                        w.Line($"    {WinogradEmitter.ClassName(width.Isa)}.Part(input, {weights}, bias, output, batch, part, parts);");
                    }
                }

                if (width.EmitsDirect)
                {
                    string weights = Slice("packedWeights", buffer.Of(width.DirectFlag));
                    w.Line();
                    w.Line($"public static void Direct{bits}({ForwardParameters}) =>");
                    w.Line("    " + ConvKernelEmitter.RunCall(width.Direct.StreamsOutput, width.Isa.ClassName, $"input, {weights}, bias, output, batch"));
                    if (!plan.Depthwise)
                    {
                        w.Line();
                        w.Line($"public static void Direct{bits}Part({ForwardParameters}{PartParameters}) =>");
                        w.Line("    " + ConvKernelEmitter.PartCall(width.Direct.StreamsOutput, width.Isa.ClassName, $"input, {weights}, bias, output, batch, part, parts"));
                    }
                }
            }
        }

        private static void EmitResidualMembers(SourceWriter w, KernelPlan plan, PassPlan residual)
        {
            w.Line();
            w.Line($"public static {RuntimeNames.Activation} ResidualActivation => {RuntimeNames.ActivationValue(plan.Conv.ResidualActivation)};");
            w.Line();
            w.Line($"public static {RuntimeNames.PackedLayouts} ResidualCode => {Flags(residual.Code)};");
            foreach (WidthPass width in residual.Widths)
            {
                w.Line();
                w.Line($"public static void Residual{Bits(width.Isa)}({ResidualParameters}) =>");
                w.Line($"    {ConvKernelEmitter.ResidualClassName(width.Isa)}.Run(input, {Slice("packedWeights", plan.ForwardWeights.Of(width.DirectFlag))}, bias, residual, output, batch);");
                w.Line();
                w.Line($"public static void Residual{Bits(width.Isa)}Part({ResidualParameters}{PartParameters}) =>");
                w.Line($"    {ConvKernelEmitter.ResidualClassName(width.Isa)}.Part(input, {Slice("packedWeights", plan.ForwardWeights.Of(width.DirectFlag))}, bias, residual, output, batch, part, parts);");
            }
        }

        private static void EmitWeightGradientMembers(SourceWriter w, PassPlan weights, bool depthwise)
        {
            w.Line();
            w.Line($"public static {RuntimeNames.PackedLayouts} WeightGradientCode => {Flags(weights.Code)};");
            foreach (WidthPass width in weights.Widths)
            {
                string bits = Bits(width.Isa);
                if (width.Winograd != null)
                {
                    w.Line();
                    w.Line($"public static void WeightGradientWinograd{bits}({WeightGradientParameters}) =>");
                    w.Line($"    {WinogradEmitter.ClassName(width.Isa, WinogradEmitter.WeightGradient)}.Run(input, gradOutput, gradWeights, batch);");
                }

                if (width.EmitsDirect)
                {
                    w.Line();
                    w.Line($"public static void WeightGradientDirect{bits}({WeightGradientParameters}) =>");
                    w.Line($"    {width.Isa.Class("WeightGradientKernel")}.Run(input, gradOutput, gradWeights, batch);");
                }
            }
        }

        private static void EmitInputGradientMembers(SourceWriter w, KernelPlan plan, PassPlan data, PackedBuffer buffer)
        {
            w.Line();
            w.Line(plan.Depthwise
                ? "/// <summary>Floats per tap row of the packed backward-data weights, which the generic kernel reads too.</summary>"
                : "/// <summary>Input channels per block of the 256-bit direct backward-data layout, which the generic kernel reads too.</summary>");
            w.Line($"public static int BackwardDataBlockWidth => {buffer.Layouts[0].BlockWidth};");
            w.Line();
            w.Line($"public static int BackwardDataPackedWeightLength => {buffer.Length};");
            w.Line();
            w.Line($"public static {RuntimeNames.PackedLayouts} BackwardDataCode => {Flags(data.Code)};");
            w.Line();
            EmitPacking(w, "PackBackwardDataWeights", buffer, plan.Conv);
            foreach (WidthPass width in data.Widths)
            {
                string bits = Bits(width.Isa);
                if (width.Winograd != null)
                {
                    w.Line();
                    w.Line($"public static void BackwardDataWinograd{bits}({InputGradientParameters}) =>");
                    w.Line($"    {WinogradEmitter.ClassName(width.Isa, WinogradEmitter.BackwardData)}.Run(gradOutput, {Slice("packedWeights", buffer.Of(width.WinogradFlag))}, default, gradInput, batch);");
                }

                if (width.EmitsDirect)
                {
                    w.Line();
                    w.Line($"public static void BackwardDataDirect{bits}({InputGradientParameters}) =>");
                    w.Line("    " + ConvKernelEmitter.RunCall(width.Direct.StreamsOutput, width.Isa.Class("BackwardDataKernel"), $"gradOutput, {Slice("packedWeights", buffer.Of(width.DirectFlag))}, default, gradInput, batch"));
                }
            }
        }

        // A pass's packing method: each layout of the buffer behind its flag.
        private static void EmitPacking(SourceWriter w, string method, PackedBuffer buffer, ConvModel conv)
        {
            w.Open($"public static void {method}({PackingParameters})");
            foreach (PackedLayoutPlan layout in buffer.Layouts)
            {
                string target = Slice("packed", layout);
                bool depthwise = layout.Kind == PackedKind.Depthwise || layout.Kind == PackedKind.DepthwiseFlipped;
                w.Open(depthwise ? $"if (layouts != {RuntimeNames.Layout("None")})" : $"if ((layouts & {RuntimeNames.Layout(layout.Flag)}) != 0)");
                string taps = I(conv.KernelSize * conv.KernelSize);
                w.Line(layout.Kind switch
                {
                    PackedKind.Direct => $"{RuntimeNames.Conv2DWeightPacking}.Pack(weightsHwio, {target}, {taps}, {I(conv.Channels)}, {I(conv.Filters)}, {I(layout.BlockWidth)}, {I(layout.Lanes)});",
                    PackedKind.DirectFlippedTransposed => $"{RuntimeNames.Conv2DWeightPacking}.PackFlippedTransposed(weightsHwio, {target}, {I(conv.KernelSize)}, {I(conv.Channels)}, {I(conv.Filters)}, {I(layout.BlockWidth)}, {I(layout.Lanes)});",
                    PackedKind.Winograd => $"{RuntimeNames.WinogradWeights}.Pack(weightsHwio, {target}, {I(conv.Channels)}, {I(conv.Filters)}, {I(layout.PaddedChannels)}, {I(layout.BlockWidth)}, {I(layout.Lanes)}, tileSize: {I(layout.TileSize)});",
                    PackedKind.WinogradFlippedTransposed => $"{RuntimeNames.WinogradWeights}.PackFlippedTransposed(weightsHwio, {target}, {I(conv.Channels)}, {I(conv.Filters)}, {I(layout.PaddedChannels)}, {I(layout.BlockWidth)}, {I(layout.Lanes)}, tileSize: {I(layout.TileSize)});",
                    _ => $"{RuntimeNames.DepthwiseWeightPacking}.Pack(weightsHwio, packed, {taps}, {I(conv.Channels)}, {I(layout.Lanes)}, flip: {Bool(layout.Kind == PackedKind.DepthwiseFlipped)});",
                });
                w.Close();
            }

            w.Close();
        }

        // The nested classes of every pass and width.
        private static void EmitCode(SourceWriter w, KernelPlan plan, string description)
        {
            ConvModel conv = plan.Conv;
            if (plan.Depthwise)
            {
                int row = plan.ForwardWeights.Layouts[0].BlockWidth;
                foreach (WidthPass forward in plan.Forward.Widths)
                {
                    w.Line();
                    DepthwiseKernelEmitter.EmitDirect(w, forward.Direct, forward.Isa, row, forward.Isa.ClassName, description, "f32-dwconv");
                }

                if (plan.InputGradient != null)
                {
                    foreach (WidthPass data in plan.InputGradient.Widths)
                    {
                        w.Line();
                        DepthwiseKernelEmitter.EmitDirect(w, data.Direct, data.Isa, row, data.Isa.Class("BackwardDataKernel"), $"input gradient of {description}", "f32-dwconv-dx");
                    }
                }

                if (plan.WeightGradient != null)
                {
                    foreach (WidthPass weights in plan.WeightGradient.Widths)
                    {
                        w.Line();
                        DepthwiseKernelEmitter.EmitWeightGradient(w, weights.Direct, weights.Isa, description);
                    }
                }

                return;
            }

            foreach (WidthPass forward in plan.Forward.Widths)
            {
                if (forward.EmitsDirect)
                {
                    w.Line();
                    ConvKernelEmitter.EmitDirectKernel(w, forward.Direct, forward.Isa, description, forward.Isa.ClassName, "f32-conv", parts: true);
                }

                if (forward.Winograd != null)
                {
                    w.Line();
                    WinogradEmitter.EmitKernel(w, forward.Winograd, description);
                }

                if (plan.ResidualForward != null)
                {
                    w.Line();
                    ConvKernelEmitter.EmitDirectKernel(w, plan.ResidualForward.Of(forward.Isa).Direct, forward.Isa,
                        $"{description}, plus a residual{ActivationNames.Suffix(conv.ResidualActivation)}", ConvKernelEmitter.ResidualClassName(forward.Isa), "f32-conv-add", parts: true);
                }
            }

            if (plan.InputGradient != null)
            {
                foreach (WidthPass data in plan.InputGradient.Widths)
                {
                    if (data.EmitsDirect)
                    {
                        w.Line();
                        ConvKernelEmitter.EmitDirectKernel(w, data.Direct, data.Isa, $"input gradient of {description}", data.Isa.Class("BackwardDataKernel"), "f32-conv-dx");
                    }

                    if (data.Winograd != null)
                    {
                        w.Line();
                        WinogradEmitter.EmitKernel(w, data.Winograd, $"input gradient of {description}", WinogradEmitter.BackwardData);
                    }
                }
            }

            if (plan.WeightGradient != null)
            {
                foreach (WidthPass weights in plan.WeightGradient.Widths)
                {
                    if (weights.EmitsDirect)
                    {
                        w.Line();
                        ConvWeightGradientEmitter.Emit(w, weights.Direct, weights.Isa, description, weights.Isa.Class("WeightGradientKernel"));
                    }

                    if (weights.Winograd != null)
                    {
                        w.Line();
                        WinogradEmitter.EmitKernel(w, weights.Winograd, description, WinogradEmitter.WeightGradient);
                    }
                }
            }
        }

        private static string Flags(IEnumerable<string> flags)
        {
            string[] all = flags.ToArray();
            return all.Length == 0 ? RuntimeNames.Layout("None") : string.Join(" | ", all.Select(RuntimeNames.Layout));
        }

        private static string Slice(string buffer, PackedLayoutPlan layout) =>
            layout.Kind == PackedKind.Depthwise || layout.Kind == PackedKind.DepthwiseFlipped ? buffer : $"{buffer}.Slice({I(layout.Offset)}, {I(layout.Length)})";

        private static string Bits(VectorIsa isa) => I(isa.Lanes * 32);

        private static string Bool(bool value) => value ? "true" : "false";

        private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
