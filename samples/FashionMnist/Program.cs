using System;
using ConvGen.Samples;
using ConvGen.Samples.Pictures;

// Trains the seed model on Fashion-MNIST with the seed's settings: Adam (lr 0.001), categorical cross-entropy,
// batch 64, 10 epochs, validation on the test set; saves the weights and a PNG of the training curves.
if (SampleTraining.Options(args, defaultSavePath: "fashion-cnn.cgw") is not { } options)
{
    return 2;
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new FashionCnn(options.Seed);
SampleTraining.Run(model, options, train, test, history =>
{
    if (history.Epochs.Count > 0)
    {
        string curves = System.IO.Path.Combine(options.OutputDirectory ?? ".", "fashion-cnn-curves.png");
        TrainingCurves.Save(history, curves, "FashionCnn");
        Console.WriteLine($"training curves written to {System.IO.Path.GetFullPath(curves)}");
    }
});
return 0;
