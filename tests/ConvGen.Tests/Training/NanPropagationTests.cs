using System;
using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// A NaN is never turned into a plausible number by the runtime's own code (Keras and PyTorch propagate it through
/// ReLU, ReLU6 and max pooling): the Dense layer's fused activation, batch normalisation's, the Add layer's, max
/// pooling (training with indices, its 2x2 tiles, inference) and the generic convolution kernels, on their vector
/// lanes and scalar tails. Finite values come out as before.
/// </summary>
public class NanPropagationTests
{
    public static TheoryData<Activation> ReluActivations() => new() { Activation.Relu, Activation.Relu6 };

    [Theory]
    [MemberData(nameof(ReluActivations))]
    public void DenseActivationKeepsNaN(Activation activation)
    {
        // 5 rows x 37 units: register blocks of 4 rows x 32 units, a row tail and a unit tail; row 1 reads a NaN input.
        const int rows = 5, inputs = 3, units = 37;
        float[] x = Values(rows * inputs, 1);
        x[1 * inputs + 2] = float.NaN;
        float[] w = Values(inputs * units, 2), bias = Values(units, 3), y = new float[rows * units];
        DenseKernels.Forward(x, w, bias, y, rows, inputs, units, activation);
        for (int r = 0; r < rows; r++)
        {
            for (int u = 0; u < units; u++)
            {
                float value = y[r * units + u];
                Assert.True(r == 1 ? float.IsNaN(value) : value >= 0 && value <= (activation == Activation.Relu6 ? 6 : float.MaxValue), $"row {r} unit {u}: {value}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReluActivations))]
    public void BatchNormalizationActivationKeepsNaN(Activation activation)
    {
        const int rows = 3, channels = 11; // a vector of 8 channels and a tail of 3
        float[] x = Values(rows * channels, 4);
        x[channels + 2] = float.NaN;
        x[channels + 9] = float.NaN;
        float[] y = new float[x.Length];
        BatchNormKernels.Affine(x, y, rows, channels, Enumerable.Repeat(2f, channels).ToArray(), Enumerable.Repeat(-0.5f, channels).ToArray(), activation, default, default, default);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(float.IsNaN(x[i]) ? float.IsNaN(y[i]) : y[i] == Relu(2 * x[i] - 0.5f, activation), $"element {i}: {y[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(ReluActivations))]
    public void AddActivationKeepsNaN(Activation activation)
    {
        float[] values = Values(19, 5); // two vectors and a tail of 3
        values[3] = float.NaN;
        values[17] = float.NaN;
        float[] before = (float[])values.Clone();
        VectorMath.Activate(values, activation);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(float.IsNaN(before[i]) ? float.IsNaN(values[i]) : values[i] == Relu(before[i], activation), $"element {i}: {values[i]}");
        }
    }

    [Theory]
    [InlineData(4, 4, 8, 2, 2)] // 2x2 tiles over whole vectors (training's fast path)
    [InlineData(5, 5, 11, 3, 1)] // the general loop: vectors and a scalar tail, overlapping windows
    public void MaxPoolingKeepsNaN(int height, int width, int channels, int pool, int stride)
    {
        float[] x = Values(height * width * channels, 6);
        // A NaN that is not the first element of its window, in a vector lane and (for 11 channels) in the tail.
        x[(1 * width + 1) * channels + 1] = float.NaN;
        x[(1 * width + 1) * channels + channels - 1] = float.NaN;
        int oh = KerasReference.OutputSize(height, pool, stride, Padding.Valid), ow = KerasReference.OutputSize(width, pool, stride, Padding.Valid);
        float[] training = new float[oh * ow * channels], inference = new float[training.Length];
        int[] argmax = new int[training.Length];
        PoolingKernels.MaxPoolForward(x, training, argmax, 1, height, width, channels, pool, stride);
        PoolingKernels.MaxPoolForward(x, inference, 1, height, width, channels, pool, stride);
        Assert.True(float.IsNaN(training[1]), "training, lane 1 of the first window");
        Assert.True(float.IsNaN(training[channels - 1]), "training, last channel of the first window");
        Assert.True(float.IsNaN(inference[1]), "inference, lane 1 of the first window");
        Assert.True(float.IsNaN(inference[channels - 1]), "inference, last channel of the first window");
        Assert.Equal(training.Count(float.IsNaN), inference.Count(float.IsNaN));
        Assert.Equal((1 * width + 1) * channels + 1, argmax[1]);
        Assert.False(float.IsNaN(training[2]));
    }

    [Theory]
    [MemberData(nameof(ReluActivations))]
    public void GenericConvolutionsKeepNaN(Activation activation)
    {
        // 9 filters: a vector of 8 and a tail of 1 in the generic kernel's output stores.
        var shape = new Conv2DShape(4, 4, 2, 9, 3, 1, Padding.Same, activation, UseBias: true);
        float[] input = Values(shape.InputImageLength, 7);
        input[(1 * 4 + 1) * 2] = float.NaN; // pixel (1, 1): every output pixel within one step of it reads it
        float[] weights = Values(shape.WeightLength, 8), bias = Values(9, 9), output = new float[shape.OutputImageLength];
        GenericConv2D.Forward(shape, input, weights, bias, output, 1);
        Assert.All(Enumerable.Range(0, 9), f => Assert.True(float.IsNaN(output[(0 * 4 + 0) * 9 + f]), $"filter {f}"));
        Assert.All(Enumerable.Range(0, 9), f => Assert.False(float.IsNaN(output[(3 * 4 + 3) * 9 + f]), $"far pixel, filter {f}"));

        var depthwise = new Conv2DShape(4, 4, 11, 11, 3, 1, Padding.Same, activation, UseBias: true, Depthwise: true);
        input = Values(depthwise.InputImageLength, 10);
        input[(1 * 4 + 1) * 11 + 10] = float.NaN;
        output = new float[depthwise.OutputImageLength];
        GenericDepthwiseConv2D.Forward(depthwise, input, Values(9 * 11, 11), 11, Values(11, 12), output, 1);
        Assert.True(float.IsNaN(output[10]));
        Assert.False(float.IsNaN(output[9]));
    }

    [Fact]
    public void ANaNWeightOfADenseLayerGivesNaNPredictions()
    {
        using var model = new TinyNet(seed: 1) { Threads = 1 };
        float[][] weights = model.CopyWeights();
        int dense = model.Parameters.ToList().FindIndex(p => p.Name == "dense/kernel");
        weights[dense][0] = float.NaN;
        model.SetWeights(weights);
        float[] probabilities = model.Predict(TrainingData.Random(3, 6, 6, 2, 3, seed: 1));
        Assert.All(probabilities, p => Assert.True(float.IsNaN(p)));
    }

    private static float Relu(float v, Activation activation) => activation == Activation.Relu6 ? Math.Min(Math.Max(v, 0), 6) : Math.Max(v, 0);

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
    }
}
