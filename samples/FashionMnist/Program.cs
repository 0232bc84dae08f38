using System;
using System.Globalization;
using ConvGen;
using ConvGen.Samples;
using ConvGen.Samples.Pictures;

// Trains the seed model on Fashion-MNIST with the seed's settings: Adam (lr 0.001), categorical cross-entropy,
// batch 64, 10 epochs, validation on the test set.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args, defaultSavePath: "fashion-cnn.cgw");
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

using var model = new FashionCnn(options.Seed) { Threads = options.Threads };
Console.WriteLine(model.Summary());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Training on {train.Count:N0} images, validating on {test.Count:N0}: {options.Epochs} epochs, batch {options.BatchSize}, {options.Threads} thread(s), seed {options.Seed}, {(System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2/FMA kernels" : "generic kernels")}."));

var progress = new ConsoleProgress();
TrainingHistory history = model.Fit(train, new FitOptions
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

string curves = System.IO.Path.Combine(options.OutputDirectory ?? ".", "fashion-cnn-curves.png");
if (history.Epochs.Count > 0)
{
    TrainingCurves.Save(history, curves, "FashionCnn");
    Console.WriteLine($"training curves written to {System.IO.Path.GetFullPath(curves)}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {result.Loss:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {result.Accuracy:F4}"));
return 0;
