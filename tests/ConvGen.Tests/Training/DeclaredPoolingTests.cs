using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>The pooling attributes through the generator: Keras's shapes, whole-network gradients, the runtime's windows.</summary>
public class DeclaredPoolingTests
{
    [Fact]
    public void ShapesFollowThePadsAndKerasRules()
    {
        using var model = new TinyPoolingNet(seed: 1);
        Assert.Equal(
            new[] { "(None, 10, 10, 8)", "(None, 5, 5, 8)", "(None, 5, 5, 12)", "(None, 5, 5, 12)", "(None, 5, 5, 16)", "(None, 3, 3, 16)", "(None, 16)", "(None, 3)" },
            model.LayerSummaries.Select(l => l.KerasShape));
        Assert.Equal(
            new[] { "Conv2D", "MaxPool2D", "Conv2D", "AveragePooling2D", "Conv2D", "AveragePooling2D", "GlobalAveragePooling2D", "Dense" },
            model.LayerSummaries.Select(l => l.Type));
        Assert.Contains("global_average_pooling2d", model.Summary());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientsFlowThroughDeclaredPooling(int threads)
    {
        using var model = new TinyPoolingNet(seed: 3) { Threads = threads };
        GraphTests.CheckGradients(model, 10, 10, 3, seed: 4);
        using var max = new TinyGlobalMaxNet(seed: 5) { Threads = threads };
        GraphTests.CheckGradients(max, 7, 7, 2, seed: 6);
    }

    [Fact]
    public void GlobalAveragePoolingIsTheMeanOfThePreviousLayer()
    {
        using var model = new TinyPoolingNet(seed: 7) { Threads = 1 };
        ImageDataset data = TrainingData.Random(5, 10, 10, 3, 3, 8);
        float[] predicted = model.Predict(data);
        float[] logits = model.LayerOutput(data, 2, "dense"); // the last layer's output before its softmax
        double sum = logits.Sum(v => System.Math.Exp(v));
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(System.Math.Exp(logits[k]) / sum, predicted[3 * 2 + k], 5);
        }

        float[] before = model.LayerOutput(data, 2, "average_pooling2d_1"); // 3x3x16
        float[] pooled = model.LayerOutput(data, 2, "global_average_pooling2d");
        Assert.Equal(16, pooled.Length);
        for (int c = 0; c < 16; c++)
        {
            double mean = Enumerable.Range(0, 9).Average(p => (double)before[p * 16 + c]);
            Assert.Equal(mean, pooled[c], 5);
        }
    }
}
