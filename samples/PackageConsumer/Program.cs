using System.Globalization;
using ConvGen;

// Takes ConvGen from its NuGet package, as a user's project does: the generator in the package turns the declaration
// below into the network, which trains one epoch on the first images of Fashion-MNIST, predicts and is checked.
// Usage: PackageConsumer [training images (12000)] [lowest test accuracy that passes (0.75)]
int trainImages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12_000;
double lowestAccuracy = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.75;

var (train, test) = FashionMnist.Load();
using var model = new ConsumerCnn(seed: 0);
Console.WriteLine(model.Summary());
model.Fit(train.Take(trainImages), new FitOptions { Epochs = 1, BatchSize = 64, Seed = 0, Optimizer = new Adam(learningRate: 0.001f) });

float[] probabilities = model.Predict(test.Take(8));   // 8 images x 10 classes
for (int i = 0; i < 8; i++)
{
    ReadOnlySpan<float> image = probabilities.AsSpan(i * 10, 10);
    int predicted = 0;
    for (int c = 1; c < 10; c++)
    {
        predicted = image[c] > image[predicted] ? c : predicted;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test image {i}: {test.ClassNames[predicted]} ({image[predicted]:P0}), labelled {test.ClassNames[test.Labels[i]]}"));
}

Evaluation result = model.Evaluate(test);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {result.Accuracy:F4} after one epoch on {trainImages:N0} images ({KernelDispatch.Active} kernels)"));
if (result.Accuracy < lowestAccuracy)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expected at least {lowestAccuracy:F2}"));
    return 1;
}

return 0;

/// <summary>The README's seed model, declared as a user declares it.</summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Conv2D(32, 1, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation = Activation.Softmax)]
public partial class ConsumerCnn
{
}
