using ConvGen.Samples;
using ConvGen.Samples.ResNet;

// Trains a small ResNet on Fashion-MNIST: ImageNet's stem (7x7 stride-2 convolution, 3x3 stride-2 max pooling; the
// 28x28 images zero-padded to 32x32 by the stem's explicit pads), bottleneck blocks (1x1 reduce → 3x3 → 1x1 expand,
// batch normalisation, residual add) and a global-average-pooling head.
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
