using ConvGen.Samples;
using ConvGen.Samples.ResNet;

// Trains a small ResNet of bottleneck blocks (1x1 reduce → 3x3 → 1x1 expand, batch normalisation, residual add)
// on Fashion-MNIST.
if (SampleTraining.Options(args, defaultSavePath: "resnet-fashion.cgw") is not { } options)
{
    return 2;
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new ResNetFashion(options.Seed);
SampleTraining.Run(model, options, train, test);
return 0;
