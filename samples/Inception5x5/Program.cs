using System;
using System.Globalization;
using ConvGen.Samples;
using ConvGen.Samples.Inception5x5;

// The seed's Inception block with its 5x5 branch (1x1 reduce → 5x5 'same' beside 1x1 reduce → 3x3): its summary,
// output shape and parameter count; then a small network of such blocks trained on Fashion-MNIST.
if (SampleTraining.Options(args, defaultSavePath: "inception5x5-fashion.cgw") is not { } options)
{
    return 2;
}

using (var block = new InceptionBlock5x5(options.Seed))
{
    Console.WriteLine(block.Summary());
    var shape = block.LayerSummaries[^1].OutputShape;
    Console.WriteLine($"Inception block (5x5 branch) output shape: ({string.Join(", ", shape)}), parameters: {InceptionBlock5x5.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new Inception5x5Fashion(options.Seed);
SampleTraining.Run(model, options, train, test);
return 0;
