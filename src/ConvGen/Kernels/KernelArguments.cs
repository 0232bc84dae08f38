using System;

namespace ConvGen;

/// <summary>
/// Argument checks shared by generated and generic kernels. Messages name the expected and the actual size; they are
/// only formatted when a check fails, so the checks cost nothing on the hot path.
/// </summary>
internal static class KernelArguments
{
    /// <summary>Checks the buffers of a convolution call; throws <see cref="ArgumentException"/> naming the mismatch.</summary>
    public static void CheckConvolution(in Conv2DShape shape, int input, int weights, int expectedWeights, int bias, int output, int batch)
    {
        Batch(batch);
        AtLeast(input, (long)batch * shape.InputImageLength, nameof(input), shape, batch);
        AtLeast(output, shape.OutputSpanLength(batch), nameof(output), shape, batch);
        if (weights != expectedWeights)
        {
            throw new ArgumentException($"weights holds {weights} floats but the {shape} convolution needs exactly {expectedWeights}.", nameof(weights));
        }

        if (shape.UseBias && bias != shape.Filters)
        {
            throw new ArgumentException($"bias holds {bias} floats but the convolution has {shape.Filters} filters.", nameof(bias));
        }
    }

    /// <summary>Checks the buffer packed weights are written to.</summary>
    public static void CheckPacking(int packed, int expected)
    {
        if (packed != expected)
        {
            throw new ArgumentException($"packed holds {packed} floats but the packed weights need exactly {expected}.", nameof(packed));
        }
    }

    /// <summary>Checks the residual of <c>ForwardResidual</c>: shaped like the (dense) output.</summary>
    public static void CheckResidual(in Conv2DShape shape, int residual, int batch) =>
        AtLeast(residual, (long)batch * shape.OutputImageLength, nameof(residual), shape, batch);

    /// <summary>Checks a share of a pass split between threads: part 0 ≤ <paramref name="part"/> &lt; <paramref name="parts"/>.</summary>
    public static void CheckPart(int part, int parts)
    {
        if (parts < 1 || part < 0 || part >= parts)
        {
            throw new ArgumentOutOfRangeException(nameof(part), part, $"A pass split into {parts} parts has parts 0 to {parts - 1}.");
        }
    }

    /// <summary>Checks the buffers of <c>BackwardActivation</c>.</summary>
    public static void CheckActivationGradient(in Conv2DShape shape, int output, int gradOutput, int gradBias, int batch)
    {
        Batch(batch);
        AtLeast(output, (long)batch * shape.OutputImageLength, nameof(output), shape, batch);
        AtLeast(gradOutput, (long)batch * shape.OutputImageLength, nameof(gradOutput), shape, batch);
        if (shape.UseBias)
        {
            AtLeast(gradBias, shape.Filters, nameof(gradBias), shape, batch);
        }
    }

    /// <summary>Checks the buffers of <c>BackwardWeights</c>.</summary>
    public static void CheckWeightGradient(in Conv2DShape shape, int input, int gradOutput, int gradWeights, int batch)
    {
        Batch(batch);
        AtLeast(input, (long)batch * shape.InputImageLength, nameof(input), shape, batch);
        AtLeast(gradOutput, (long)batch * shape.OutputImageLength, nameof(gradOutput), shape, batch);
        AtLeast(gradWeights, shape.WeightLength, nameof(gradWeights), shape, batch);
    }

    /// <summary>Checks the buffers of <c>BackwardData</c>.</summary>
    public static void CheckDataGradient(in Conv2DShape shape, int gradOutput, int weights, int expectedWeights, int gradInput, int scratch, int expectedScratch, int batch)
    {
        Batch(batch);
        AtLeast(gradOutput, (long)batch * shape.OutputImageLength, nameof(gradOutput), shape, batch);
        AtLeast(gradInput, (long)batch * shape.InputImageLength, nameof(gradInput), shape, batch);
        AtLeast(scratch, expectedScratch, nameof(scratch), shape, batch);
        if (weights != expectedWeights)
        {
            throw new ArgumentException($"weights holds {weights} floats but the backward-data kernel of the {shape} convolution needs exactly {expectedWeights}.", nameof(weights));
        }
    }

    private static void Batch(int batch)
    {
        if (batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must be zero or positive.");
        }
    }

    private static void AtLeast(int actual, long expected, string name, in Conv2DShape shape, int batch)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"{name} holds {actual} floats but a batch of {batch} for the {shape} convolution needs {expected}.", name);
        }
    }
}
