using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes a kernel class's backward members: the fused activation-derivative and bias-gradient pass, the weight
    /// gradient (its own template) and, unless the layer is a network's first, the input gradient (the direct
    /// template on the backward geometry, with flipped and transposed weights).
    /// </summary>
    internal static class TrainingMembers
    {
        public static void Emit(SourceWriter w, ConvModel conv, string owner, string description, bool backwardData, VectorIsa isa)
        {
            ConvPlan forward = ConvPlan.Create(conv, isa.Lanes);
            ConvGeometry dataGeometry = ConvGeometry.BackwardData(conv);
            ConvPlan data = ConvPlan.Create(dataGeometry, isa.Lanes);
            int scratch = conv.Stride == 1 ? 0 : dataGeometry.Height * dataGeometry.Width * dataGeometry.Channels;
            string guard = $"{isa.Guard} && !KernelDispatch.GenericForced";

            w.Line();
            w.Line("/// <summary>Whether <c>BackwardData</c> computes the input gradient (a network's first layer needs none).</summary>");
            w.Line($"public const bool HasBackwardData = {(backwardData ? "true" : "false")};");
            if (backwardData)
            {
                w.Line("/// <summary>Input channels per register block of the backward-data weights.</summary>");
                w.Line($"public const int BackwardDataBlockWidth = {data.BlockWidth};");
                w.Line("/// <summary>Floats in the packed backward-data weights (the kernel flipped and transposed).</summary>");
                w.Line($"public const int BackwardDataPackedWeightLength = {data.PackedWeightLength};");
                w.Line("/// <summary>Floats of scratch <c>BackwardData</c> needs: one zero-upsampled gradient image at stride 2, else 0.</summary>");
                w.Line($"public const int BackwardDataScratchLength = {scratch};");
            }

            w.Line();
            w.Line("/// <summary>");
            w.Line($"/// Turns the gradient of the layer's output into the gradient of its pre-activation in place{(conv.Activation == ActivationNames.Relu ? " (zero where the output is not positive)" : conv.Activation == ActivationNames.Relu6 ? " (zero where the output is not strictly between 0 and 6)" : string.Empty)}");
            w.Line($"/// {(conv.UseBias ? "and writes the bias gradient, in one pass" : "(no bias)")}.");
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
            w.Open($"if ({guard})");
            w.Line("Avx2WeightGradientKernel.Run(input, gradOutput, gradWeights, batch);");
            w.Close();
            w.Open("else");
            w.Line("GenericConv2D.BackwardWeights(Shape, input, gradOutput, gradWeights, batch);");
            w.Close();
            w.Close();
            if (backwardData)
            {
                w.Line();
                w.Line("/// <summary>Packs HWIO weights flipped and transposed, as <c>BackwardData</c> reads them.</summary>");
                w.Open("public static void PackBackwardDataWeights(ReadOnlySpan<float> weightsHwio, Span<float> packed)");
                w.Line("Conv2DWeightPacking.PackFlippedTransposed(weightsHwio, packed, KernelSize, InputChannels, Filters, BackwardDataBlockWidth, VectorLanes);");
                w.Close();
                w.Line();
                w.Line("/// <summary>The gradient with respect to the input (overwrites <paramref name=\"gradInput\"/>); <paramref name=\"gradOutput\"/> is the pre-activation gradient.</summary>");
                w.Open("public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedBackwardWeights, Span<float> gradInput, Span<float> scratch, int batch)");
                w.Line("KernelArguments.CheckDataGradient(Shape, gradOutput.Length, packedBackwardWeights.Length, BackwardDataPackedWeightLength, gradInput.Length, scratch.Length, BackwardDataScratchLength, batch);");
                w.Open($"if ({guard})");
                if (scratch == 0)
                {
                    w.Line("Avx2BackwardDataKernel.Run(gradOutput, packedBackwardWeights, default, gradInput, batch);");
                }
                else
                {
                    w.Open("for (int n = 0; n < batch; n++)");
                    w.Line("Conv2DGradients.Upsample(gradOutput.Slice(n * OutputImageLength, OutputImageLength), scratch.Slice(0, BackwardDataScratchLength), OutputHeight, OutputWidth, Filters, Stride);");
                    w.Line("Avx2BackwardDataKernel.Run(scratch, packedBackwardWeights, default, gradInput.Slice(n * InputImageLength, InputImageLength), 1);");
                    w.Close();
                }

                w.Close();
                w.Open("else");
                w.Line("GenericConv2D.BackwardData(Shape, gradOutput, packedBackwardWeights, gradInput, batch, new Conv2DWeightLayout(BackwardDataBlockWidth, VectorLanes));");
                w.Close();
                w.Close();
                w.Line();
                ConvKernelEmitter.EmitDirectKernel(w, data, isa, $"input gradient of {description}", "Avx2BackwardDataKernel", "f32-conv-dx");
            }

            w.Line();
            ConvWeightGradientEmitter.Emit(w, forward, isa, description, "Avx2WeightGradientKernel");
        }
    }
}
