using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes a kernel class's backward members: the fused activation-derivative and bias-gradient pass, the weight
    /// gradient (its own template) and, unless the layer is a network's first, the input gradient (the direct
    /// template on the backward geometry, with flipped and transposed weights).
    /// </summary>
    internal static class TrainingMembers
    {
        public static void Emit(SourceWriter w, KernelPlan plan, string description)
        {
            ConvModel conv = plan.Conv;
            bool backwardData = plan.InputGradient != null;
            ConvPlan? narrowData = plan.InputGradient?.Of(VectorIsa.Avx2).Direct;
            ConvPlan? wideData = plan.InputGradient?.Of(VectorIsa.Avx512).Direct;
            int scratch = plan.InputGradientScratchLength;
            ConvModel? winograd = plan.DataWinograd;
            const string DirectLength = "Avx2BackwardDataPackedLength + Avx512BackwardDataPackedLength";

            w.Line();
            w.Line("/// <summary>Whether <c>BackwardData</c> computes the input gradient (a network's first layer needs none).</summary>");
            w.Line($"public const bool HasBackwardData = {(backwardData ? "true" : "false")};");
            if (backwardData)
            {
                w.Line("/// <summary>Input channels per register block of the 256-bit backward-data weights (read by the generic fallback too).</summary>");
                w.Line($"public const int BackwardDataBlockWidth = {narrowData!.BlockWidth};");
                w.Line("/// <summary>Floats of the 256-bit backward-data weights (the kernel flipped and transposed), first in the buffer.</summary>");
                w.Line($"public const int Avx2BackwardDataPackedLength = {narrowData.PackedWeightLength};");
                w.Line("/// <summary>Input channels per register block of the 512-bit backward-data weights.</summary>");
                w.Line($"public const int Avx512BackwardDataBlockWidth = {wideData!.BlockWidth};");
                w.Line("/// <summary>Floats of the 512-bit backward-data weights, after the 256-bit ones.</summary>");
                w.Line($"public const int Avx512BackwardDataPackedLength = {wideData.PackedWeightLength};");
                if (winograd != null)
                {
                    WinogradEmitter.EmitConstants(w, plan.InputGradient!, winograd.Filters, WinogradEmitter.BackwardData);
                    w.Line("/// <summary>Floats in the packed backward-data weights: both widths' direct layouts, then both widths' Winograd weights.</summary>");
                    w.Line($"public const int BackwardDataPackedWeightLength = {DirectLength} + {WinogradEmitter.PackedLengthName(VectorIsa.Avx2, WinogradEmitter.BackwardData)} + {WinogradEmitter.PackedLengthName(VectorIsa.Avx512, WinogradEmitter.BackwardData)};");
                }
                else
                {
                    w.Line("/// <summary>Floats in the packed backward-data weights: both widths' layouts.</summary>");
                    w.Line($"public const int BackwardDataPackedWeightLength = {DirectLength};");
                }

                w.Line("/// <summary>Floats of scratch <c>BackwardData</c> needs: one zero-upsampled gradient image at stride 2, else 0.</summary>");
                w.Line($"public const int BackwardDataScratchLength = {scratch};");
            }

            w.Line();
            w.Line("/// <summary>");
            w.Line($"/// Turns the gradient of the layer's output into the gradient of its pre-activation in place{(conv.Activation == ActivationNames.Relu ? " (zero where the output is not positive)" : conv.Activation == ActivationNames.Relu6 ? " (zero where the output is not strictly between 0 and 6)" : string.Empty)}");
            w.Line($"/// {(conv.UseBias ? "and writes the bias gradient, in one pass" : "(no bias)")}. Both gradients are dense (<c>OutputImageLength</c> per image).");
            w.Line("/// </summary>");
            w.Open("public static void BackwardActivation(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch)");
            w.Line("KernelArguments.CheckActivationGradient(Shape, output.Length, gradOutput.Length, gradBias.Length, batch);");
            w.Line($"Conv2DGradients.ActivationAndBias(output, gradOutput, gradBias, batch * {(long)conv.OutputHeight * conv.OutputWidth}, Filters, {conv.ActivationSource}, bias: {(conv.UseBias ? "true" : "false")});");
            w.Close();
            w.Line();
            w.Line("/// <summary>The HWIO weight gradient, summed over the batch (overwrites <paramref name=\"gradWeights\"/>); <paramref name=\"gradOutput\"/> is the pre-activation gradient.</summary>");
            w.Open("public static void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)");
            w.Line("KernelArguments.CheckWeightGradient(Shape, input.Length, gradOutput.Length, gradWeights.Length, batch);");
            w.Line("gradWeights.Slice(0, WeightLength).Clear();");
            bool winogradWeights = plan.WeightGradient!.Winograd;
            ConvKernelEmitter.EmitDispatch(
                w,
                isa =>
                {
                    string direct = $"{isa.Class("WeightGradientKernel")}.Run(input, gradOutput, gradWeights, batch);";
                    if (!winogradWeights)
                    {
                        w.Line(direct);
                        return;
                    }

                    WinogradEmitter.EmitChoice(w, $"{WinogradEmitter.ClassName(isa, WinogradEmitter.WeightGradient)}.Run(input, gradOutput, gradWeights, batch);", direct);
                },
                "GenericConv2D.BackwardWeights(Shape, input, gradOutput, gradWeights, batch);");
            w.Close();
            if (backwardData)
            {
                w.Line();
                LayoutMembers.EmitPackingMethods(w, "PackBackwardDataWeights", "Packs HWIO weights flipped and transposed, as the 256-bit and 512-bit <c>BackwardData</c> kernels read them", "BackwardDataPackedWeightLength", () =>
                {
                    LayoutMembers.EmitIfPacked(w, VectorIsa.Avx2, winograd: false,
                        "Conv2DWeightPacking.PackFlippedTransposed(weightsHwio, packed.Slice(0, Avx2BackwardDataPackedLength), KernelSize, InputChannels, Filters, BackwardDataBlockWidth, VectorLanes);");
                    LayoutMembers.EmitIfPacked(w, VectorIsa.Avx512, winograd: false,
                        $"Conv2DWeightPacking.PackFlippedTransposed(weightsHwio, packed.Slice(Avx2BackwardDataPackedLength, Avx512BackwardDataPackedLength), KernelSize, InputChannels, Filters, Avx512BackwardDataBlockWidth, {VectorIsa.Avx512.Lanes});");
                    if (winograd != null)
                    {
                        WinogradEmitter.EmitPacking(w, plan.InputGradient!, DirectLength, WinogradEmitter.BackwardData);
                    }
                });
                w.Line();
                LayoutMembers.EmitLayoutsProperty(w, "BackwardDataLayouts", "<c>BackwardData</c>", winograd != null);
                w.Line();
                w.Line("/// <summary>The gradient with respect to the input (overwrites <paramref name=\"gradInput\"/>); <paramref name=\"gradOutput\"/> is the pre-activation gradient.</summary>");
                w.Open("public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch)");
                w.Line("KernelArguments.CheckDataGradient(Shape, gradOutput.Length, packedBackwardWeights.Length, BackwardDataPackedWeightLength, gradInput.Length, scratch.Length, BackwardDataScratchLength, batch);");
                ConvKernelEmitter.EmitDispatch(w, isa =>
                {
                    string weights = ConvKernelEmitter.PackedSlice(isa, "packedBackwardWeights", "Avx2BackwardDataPackedLength", "Avx512BackwardDataPackedLength");
                    string kernel = isa.Class("BackwardDataKernel");
                    string direct = scratch == 0
                        ? ConvKernelEmitter.RunCall(plan.InputGradient!.Of(isa).Direct.StreamsOutput, kernel, $"gradOutput, {weights}, default, gradInput, batch")
                        : $"UpsampledBackwardData(gradOutput, {weights}, gradInput, scratch, batch, wide: {(isa == VectorIsa.Avx512 ? "true" : "false")});";
                    if (winograd == null)
                    {
                        w.Line(direct);
                        return;
                    }

                    WinogradEmitter.EmitChoice(
                        w,
                        $"{WinogradEmitter.ClassName(isa, WinogradEmitter.BackwardData)}.Run(gradOutput, {WinogradEmitter.PackedSlice(isa, "packedBackwardWeights", DirectLength, WinogradEmitter.BackwardData)}, default, gradInput, batch);",
                        direct);
                }, "GenericConv2D.BackwardData(Shape, gradOutput, packedBackwardWeights.Slice(0, Avx2BackwardDataPackedLength), gradInput, batch, new Conv2DWeightLayout(BackwardDataBlockWidth, VectorLanes));");
                w.Close();
                if (scratch != 0)
                {
                    ConvKernelEmitter.EmitUpsampledBackwardData(w, isa => plan.InputGradient!.Of(isa).Direct.StreamsOutput);
                }

                foreach (WidthPass data in plan.InputGradient!.Widths)
                {
                    w.Line();
                    ConvKernelEmitter.EmitDirectKernel(w, data.Direct, data.Isa, $"input gradient of {description}", data.Isa.Class("BackwardDataKernel"), "f32-conv-dx");
                    if (data.Winograd != null)
                    {
                        w.Line();
                        WinogradEmitter.EmitKernel(w, data.Winograd, $"input gradient of {description}", WinogradEmitter.BackwardData);
                    }
                }
            }

            foreach (WidthPass weights in plan.WeightGradient!.Widths)
            {
                w.Line();
                ConvWeightGradientEmitter.Emit(w, weights.Direct, weights.Isa, description, weights.Isa.Class("WeightGradientKernel"));
                if (weights.Winograd != null)
                {
                    w.Line();
                    WinogradEmitter.EmitKernel(w, weights.Winograd, description, WinogradEmitter.WeightGradient);
                }
            }
        }
    }
}
