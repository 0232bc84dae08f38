namespace ConvGen.Benchmarks;

/// <summary>
/// One benchmark shape's forward buffers, allocated once by a setup: input (seed 1), HWIO weights (2), bias (3), the
/// kernel's packed weights and the output. The input, packed weights and output are 64-byte aligned, as a network's
/// activations and its layers' packed weights are.
/// </summary>
internal sealed class ConvBuffers
{
    public ConvBuffers(BenchmarkShape shape)
    {
        IConv2DKernel k = shape.Kernel;
        Conv2DShape s = k.Shape;
        Input = Data.Aligned(Data.Uniform(shape.Batch * s.InputImageLength, 1));
        Weights = Data.Uniform(s.WeightLength, 2);
        Bias = Data.Uniform(s.Filters, 3);
        Packed = new AlignedBuffer(k.PackedWeightLength);
        k.PackWeights(Weights, Packed);
        Output = new AlignedBuffer(shape.Batch * s.OutputImageLength);
    }

    public AlignedBuffer Input { get; }

    public float[] Weights { get; }

    public float[] Bias { get; }

    public AlignedBuffer Packed { get; }

    public AlignedBuffer Output { get; }
}
