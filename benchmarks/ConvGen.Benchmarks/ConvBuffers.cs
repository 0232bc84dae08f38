namespace ConvGen.Benchmarks;

/// <summary>
/// One benchmark shape's forward buffers, allocated once by a setup: input (seed 1), HWIO weights (2), bias (3), the
/// kernel's packed weights and the output.
/// </summary>
internal sealed class ConvBuffers
{
    public ConvBuffers(BenchmarkShape shape)
    {
        IConv2DKernel k = shape.Kernel;
        Conv2DShape s = k.Shape;
        Input = Data.Uniform(shape.Batch * s.InputImageLength, 1);
        Weights = Data.Uniform(s.WeightLength, 2);
        Bias = Data.Uniform(s.Filters, 3);
        Packed = new float[k.PackedWeightLength];
        k.PackWeights(Weights, Packed);
        Output = new float[shape.Batch * s.OutputImageLength];
    }

    public float[] Input { get; }

    public float[] Weights { get; }

    public float[] Bias { get; }

    public float[] Packed { get; }

    public float[] Output { get; }
}
