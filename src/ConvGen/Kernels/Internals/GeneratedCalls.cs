using System;

namespace ConvGen.__Internals;

/// <summary>
/// The passes of a generated kernel as its adapters run them: argument checks (the exception names expected and actual
/// sizes), the choice of code (<see cref="GeneratedCode.Route"/>) and the generic fallback, over the static members of
/// the kernel's struct.
/// </summary>
internal static class GeneratedCalls
{
    private const int FallbackLanes = 8;

    public static void PackWeights<TKernel>(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts)
        where TKernel : IGeneratedConv2D
    {
        KernelArguments.CheckPacking(packed.Length, TKernel.PackedWeightLength);
        TKernel.PackWeights(weightsHwio, packed, layouts);
    }

    public static PackedLayouts ForwardLayouts<TKernel>()
        where TKernel : IGeneratedConv2D =>
        TKernel.Shape.Depthwise ? PackedLayouts.All : GeneratedCode.Reads(GeneratedCode.Route(TKernel.ForwardCode));

    public static void Forward<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch)
        where TKernel : IGeneratedConv2D
    {
        Conv2DShape shape = TKernel.Shape;
        KernelArguments.CheckConvolution(shape, input.Length, packedWeights.Length, TKernel.PackedWeightLength, bias.Length, output.Length, batch);
        if (batch == 0)
        {
            return;
        }

        switch (GeneratedCode.Route(TKernel.ForwardCode))
        {
            case PackedLayouts.Vector512Winograd:
                TKernel.Winograd512(input, packedWeights, bias, output, batch);
                break;
            case PackedLayouts.Vector512Direct:
                TKernel.Direct512(input, packedWeights, bias, output, batch);
                break;
            case PackedLayouts.Vector256Winograd:
                TKernel.Winograd256(input, packedWeights, bias, output, batch);
                break;
            case PackedLayouts.Vector256Direct:
                TKernel.Direct256(input, packedWeights, bias, output, batch);
                break;
            default:
                if (shape.Depthwise)
                {
                    GenericDepthwiseConv2D.Forward(shape, input, packedWeights, TKernel.BlockWidth, bias, output, batch);
                }
                else
                {
                    var layout = new Conv2DWeightLayout(TKernel.BlockWidth, FallbackLanes);
                    GenericConv2D.Forward(shape, input, packedWeights.Slice(0, layout.Length(shape)), bias, output, batch, layout);
                }

                break;
        }
    }

    /// <summary>Whether the forward code this thread runs now has a <c>Part</c> entry (the generic kernel has none).</summary>
    public static bool ForwardSplits<TKernel>()
        where TKernel : IGeneratedConv2D =>
        TKernel.HasParts && GeneratedCode.Route(TKernel.ForwardCode) != PackedLayouts.None;

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="Forward{TKernel}"/> (when <see cref="ForwardSplits{TKernel}"/>).</summary>
    public static void ForwardPart<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, int batch, int part, int parts)
        where TKernel : IGeneratedConv2D
    {
        KernelArguments.CheckConvolution(TKernel.Shape, input.Length, packedWeights.Length, TKernel.PackedWeightLength, bias.Length, output.Length, batch);
        KernelArguments.CheckPart(part, parts);
        switch (GeneratedCode.Route(TKernel.ForwardCode))
        {
            case PackedLayouts.Vector512Winograd:
                TKernel.Winograd512Part(input, packedWeights, bias, output, batch, part, parts);
                break;
            case PackedLayouts.Vector512Direct:
                TKernel.Direct512Part(input, packedWeights, bias, output, batch, part, parts);
                break;
            case PackedLayouts.Vector256Winograd:
                TKernel.Winograd256Part(input, packedWeights, bias, output, batch, part, parts);
                break;
            case PackedLayouts.Vector256Direct:
                TKernel.Direct256Part(input, packedWeights, bias, output, batch, part, parts);
                break;
            default:
                throw GeneratedCode.Missing("forward part on the generic path");
        }
    }

    /// <summary>Whether the residual code this thread runs now has a <c>Part</c> entry.</summary>
    public static bool ResidualSplits<TKernel>()
        where TKernel : IGeneratedResidualConv2D =>
        TKernel.HasParts && GeneratedCode.Route(TKernel.ResidualCode) != PackedLayouts.None;

    /// <summary>Share <paramref name="part"/> of <paramref name="parts"/> of <see cref="ForwardResidual{TKernel}"/> (when <see cref="ResidualSplits{TKernel}"/>).</summary>
    public static void ForwardResidualPart<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts)
        where TKernel : IGeneratedResidualConv2D
    {
        Conv2DShape shape = TKernel.Shape;
        KernelArguments.CheckConvolution(shape, input.Length, packedWeights.Length, TKernel.PackedWeightLength, bias.Length, output.Length, batch);
        KernelArguments.CheckResidual(shape, residual.Length, batch);
        KernelArguments.CheckPart(part, parts);
        switch (GeneratedCode.Route(TKernel.ResidualCode))
        {
            case PackedLayouts.Vector512Direct:
                TKernel.Residual512Part(input, packedWeights, bias, residual, output, batch, part, parts);
                break;
            case PackedLayouts.Vector256Direct:
                TKernel.Residual256Part(input, packedWeights, bias, residual, output, batch, part, parts);
                break;
            default:
                throw GeneratedCode.Missing("residual forward part on the generic path");
        }
    }

    public static PackedLayouts ResidualLayouts<TKernel>()
        where TKernel : IGeneratedResidualConv2D =>
        ForwardLayouts<TKernel>() | GeneratedCode.Reads(GeneratedCode.Route(TKernel.ResidualCode));

    public static void ForwardResidual<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch)
        where TKernel : IGeneratedResidualConv2D
    {
        Conv2DShape shape = TKernel.Shape;
        KernelArguments.CheckConvolution(shape, input.Length, packedWeights.Length, TKernel.PackedWeightLength, bias.Length, output.Length, batch);
        KernelArguments.CheckResidual(shape, residual.Length, batch);
        if (batch == 0)
        {
            return;
        }

        switch (GeneratedCode.Route(TKernel.ResidualCode))
        {
            case PackedLayouts.Vector512Direct:
                TKernel.Residual512(input, packedWeights, bias, residual, output, batch);
                break;
            case PackedLayouts.Vector256Direct:
                TKernel.Residual256(input, packedWeights, bias, residual, output, batch);
                break;
            default:
                var layout = new Conv2DWeightLayout(TKernel.BlockWidth, FallbackLanes);
                GenericConv2D.ForwardResidual(shape, input, packedWeights.Slice(0, layout.Length(shape)), bias, residual, output, batch, layout, TKernel.ResidualActivation);
                break;
        }
    }

    public static void BackwardActivation<TKernel>(ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradBias, int batch)
        where TKernel : IGeneratedWeightGradient
    {
        Conv2DShape shape = TKernel.Shape;
        KernelArguments.CheckActivationGradient(shape, output.Length, gradOutput.Length, gradBias.Length, batch);
        Conv2DGradients.ActivationAndBias(output, gradOutput, gradBias, (long)batch * shape.OutputHeight * shape.OutputWidth, shape.Filters, shape.Activation, shape.UseBias);
    }

    public static void BackwardWeights<TKernel>(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, int batch)
        where TKernel : IGeneratedWeightGradient
    {
        Conv2DShape shape = TKernel.Shape;
        KernelArguments.CheckWeightGradient(shape, input.Length, gradOutput.Length, gradWeights.Length, batch);
        gradWeights.Slice(0, shape.WeightLength).Clear();
        switch (GeneratedCode.Route(TKernel.WeightGradientCode))
        {
            case PackedLayouts.Vector512Winograd:
                TKernel.WeightGradientWinograd512(input, gradOutput, gradWeights, batch);
                break;
            case PackedLayouts.Vector512Direct:
                TKernel.WeightGradientDirect512(input, gradOutput, gradWeights, batch);
                break;
            case PackedLayouts.Vector256Winograd:
                TKernel.WeightGradientWinograd256(input, gradOutput, gradWeights, batch);
                break;
            case PackedLayouts.Vector256Direct:
                TKernel.WeightGradientDirect256(input, gradOutput, gradWeights, batch);
                break;
            default:
                if (shape.Depthwise)
                {
                    GenericDepthwiseConv2D.BackwardWeights(shape, input, gradOutput, gradWeights, batch);
                }
                else
                {
                    GenericConv2D.BackwardWeights(shape, input, gradOutput, gradWeights, batch);
                }

                break;
        }
    }

    /// <summary>Floats of scratch the input gradient needs: one zero-upsampled gradient image at stride 2, else 0.</summary>
    public static int BackwardDataScratchLength(in Conv2DShape shape) =>
        shape.Stride == 1 ? 0 : ((shape.OutputHeight - 1) * shape.Stride + 1) * ((shape.OutputWidth - 1) * shape.Stride + 1) * shape.Filters;

    public static void PackBackwardDataWeights<TKernel>(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts)
        where TKernel : IGeneratedInputGradient
    {
        KernelArguments.CheckPacking(packed.Length, TKernel.BackwardDataPackedWeightLength);
        TKernel.PackBackwardDataWeights(weightsHwio, packed, layouts);
    }

    public static PackedLayouts BackwardDataLayouts<TKernel>()
        where TKernel : IGeneratedInputGradient =>
        TKernel.Shape.Depthwise ? PackedLayouts.All : GeneratedCode.Reads(GeneratedCode.Route(TKernel.BackwardDataCode));

    public static void BackwardData<TKernel>(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, Span<float> scratch, int batch)
        where TKernel : IGeneratedInputGradient
    {
        Conv2DShape shape = TKernel.Shape;
        int scratchLength = BackwardDataScratchLength(shape);
        KernelArguments.CheckDataGradient(shape, gradOutput.Length, packedWeights.Length, TKernel.BackwardDataPackedWeightLength, gradInput.Length, scratch.Length, scratchLength, batch);
        PackedLayouts route = GeneratedCode.Route(TKernel.BackwardDataCode);
        switch (route)
        {
            case PackedLayouts.Vector512Winograd:
                TKernel.BackwardDataWinograd512(gradOutput, packedWeights, gradInput, batch);
                break;
            case PackedLayouts.Vector256Winograd:
                TKernel.BackwardDataWinograd256(gradOutput, packedWeights, gradInput, batch);
                break;
            case PackedLayouts.Vector512Direct or PackedLayouts.Vector256Direct:
                bool wide = route == PackedLayouts.Vector512Direct;
                if (shape.Stride == 1)
                {
                    DirectBackwardData<TKernel>(wide, gradOutput, packedWeights, gradInput, batch);
                    break;
                }

                // Each image's output gradient zero-upsampled into scratch, then correlated with the flipped kernel.
                Span<float> upsampled = scratch.Slice(0, scratchLength);
                for (int n = 0; n < batch; n++)
                {
                    Conv2DGradients.Upsample(gradOutput.Slice(n * shape.OutputImageLength, shape.OutputImageLength), upsampled, shape.OutputHeight, shape.OutputWidth, shape.Filters, shape.Stride);
                    DirectBackwardData<TKernel>(wide, upsampled, packedWeights, gradInput.Slice(n * shape.InputImageLength, shape.InputImageLength), 1);
                }

                break;
            default:
                if (shape.Depthwise)
                {
                    GenericDepthwiseConv2D.BackwardData(shape, gradOutput, packedWeights, TKernel.BackwardDataBlockWidth, gradInput, batch);
                }
                else
                {
                    var layout = new Conv2DWeightLayout(TKernel.BackwardDataBlockWidth, FallbackLanes);
                    var flipped = new Conv2DShape(shape.Height, shape.Width, shape.Filters, shape.Channels, shape.KernelSize, shape.Stride, shape.Padding, Activation.None, false);
                    GenericConv2D.BackwardData(shape, gradOutput, packedWeights.Slice(0, layout.Length(flipped)), gradInput, batch, layout);
                }

                break;
        }
    }

    private static void DirectBackwardData<TKernel>(bool wide, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, int batch)
        where TKernel : IGeneratedInputGradient
    {
        if (wide)
        {
            TKernel.BackwardDataDirect512(gradOutput, packedWeights, gradInput, batch);
        }
        else
        {
            TKernel.BackwardDataDirect256(gradOutput, packedWeights, gradInput, batch);
        }
    }
}
