using System;
using System.Globalization;
using ConvGen;
using ConvGen.Samples;
using ConvGen.Samples.MobileNet;

// Trains a small MobileNet (depthwise-separable blocks, batch normalisation, ReLU6) on Fashion-MNIST.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args, defaultSavePath: "mobilenet-fashion.cgw");
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new MobileNetFashion(options.Seed) { Threads = options.Threads };
Console.WriteLine(model.Summary());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Training on {train.Count:N0} images, validating on {test.Count:N0}: {options.Epochs} epochs, batch {options.BatchSize}, {options.Threads} thread(s), seed {options.Seed}."));
var progress = new ConsoleProgress();
model.Fit(train, new FitOptions
{
    Epochs = options.Epochs,
    BatchSize = options.BatchSize,
    ValidationData = test,
    Seed = options.Seed,
    Optimizer = new Adam(learningRate: 0.001f),
    Progress = progress,
    Callbacks = new ITrainingCallback[] { new EpochPrinter(progress, options.Epochs) },
});

Evaluation result = model.Evaluate(test);
if (options.SavePath is { } path)
{
    model.SaveWeights(path);
    Console.WriteLine($"weights saved to {System.IO.Path.GetFullPath(path)}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {result.Loss:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {result.Accuracy:F4}"));
return 0;
