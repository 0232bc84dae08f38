using ConvGen.Samples;
using ConvGen.Samples.MobileNet;

// Trains a small MobileNet (depthwise-separable blocks, batch normalisation, ReLU6) on Fashion-MNIST.
if (SampleTraining.Options(args, defaultSavePath: "mobilenet-fashion.cgw") is not { } options)
{
    return 2;
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new MobileNetFashion(options.Seed);
SampleTraining.Run(model, options, train, test);
return 0;
