using System;
using System.Diagnostics;
using System.Globalization;
using ConvGen.Samples;
using ConvGen.Samples.Inception;

// The seed's Inception block: its output shape, parameter count and a timed forward pass; then a small
// Inception-style network trained on Fashion-MNIST.
if (SampleTraining.Options(args, defaultSavePath: "inception-fashion.cgw") is not { } options)
{
    return 2;
}

using (var block = new InceptionBlock(options.Seed) { Threads = options.Threads })
{
    Console.WriteLine(block.Summary());
    var shape = block.LayerSummaries[^1].OutputShape;
    Console.WriteLine($"Inception block output shape: ({string.Join(", ", shape)}), parameters: {InceptionBlock.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
    const int images = 8;
    var input = new float[images * InceptionBlock.InputHeight * InceptionBlock.InputWidth * InceptionBlock.InputChannels];
    var random = new Random(1);
    for (int i = 0; i < input.Length; i++)
    {
        input[i] = (float)random.NextDouble();
    }

    var output = new float[images * InceptionBlock.OutputLength];
    block.Predict(input, output, images); // warm-up: JIT and first touch of the buffers
    var clock = Stopwatch.StartNew();
    const int runs = 10;
    for (int r = 0; r < runs; r++)
    {
        block.Predict(input, output, images);
    }

    double seconds = clock.Elapsed.TotalSeconds / runs;
    double flops = 2.0 * images * 28 * 28 * (192 * 64 + 192 * 96 + 96 * 128 * 9 + 192 * 32);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"forward pass of {images} images: {seconds * 1000:F1} ms ({flops / seconds / 1e9:F1} GFLOP/s of convolution, {options.Threads} thread(s))"));
}

if (SampleData.Load(options) is not var (train, test))
{
    return 1;
}

using var model = new InceptionFashion(options.Seed);
SampleTraining.Run(model, options, train, test);
return 0;
