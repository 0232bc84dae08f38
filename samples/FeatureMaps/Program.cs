using System;
using System.Collections.Generic;
using System.IO;
using ConvGen;
using ConvGen.Samples;
using ConvGen.Samples.FeatureMaps;
using ConvGen.Samples.Pictures;

// Writes two pictures of what 1x1 convolutions compute:
//  1x1-conv-4-filters.png  a Fashion-MNIST test image beside the 4 feature maps of a 1x1 convolution with 4 filters
//                          (Glorot-initialised, as in the seed: each map is a per-pixel affine function of the image);
//  bottleneck-32-channels.png  the 32 channels of the trained seed model's 1x1 bottleneck (conv2d_3, 7x7) for that image,
//                          from the weights the Fashion-MNIST sample saved (fashion-cnn.cgw), or after one epoch if absent.
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

string output = options.OutputDirectory ?? ".";
const int image = 0;
Console.WriteLine($"test image {image}: {test.ClassNames[test.Labels[image]]}");

// (a) The image and its four 1x1 feature maps.
var pixels = new float[test.ImageLength];
test.CopyImage(image, pixels);
var random = new Random(options.Seed);
var weights = new float[OneByOneFourFilters.WeightLength];
double limit = Math.Sqrt(6.0 / (1 + 4));
for (int i = 0; i < weights.Length; i++)
{
    weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
}

var packed = new float[OneByOneFourFilters.PackedWeightLength];
OneByOneFourFilters.PackWeights(weights, packed);
var maps = new float[OneByOneFourFilters.OutputImageLength];
OneByOneFourFilters.Forward(pixels, packed, new float[4], maps, 1);
var tiles = new List<float[]> { pixels };
tiles.AddRange(FeatureMapGrid.Channels(maps, 28, 28, 4));
string first = Path.Combine(output, "1x1-conv-4-filters.png");
// The input on its own scale; the four maps (w·x + b, differing only in w) on one shared scale.
FeatureMapGrid.Save(tiles, 28, 28, columns: 5, scale: 6, first, sharedFrom: 1);
Console.WriteLine($"filters (w per filter): {string.Join(", ", Array.ConvertAll(weights, w => w.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
Console.WriteLine($"wrote {Path.GetFullPath(first)}");

// (b) The trained seed model's 1x1 bottleneck.
using var model = new FashionCnn(options.Seed) { Threads = options.Threads };
if (options.SavePath is { } path && File.Exists(path))
{
    model.LoadWeights(path);
    Console.WriteLine($"loaded trained weights from {Path.GetFullPath(path)}");
}
else
{
    Console.WriteLine("no saved weights (run the Fashion-MNIST sample first for a fully trained model); training one epoch...");
    model.Fit(train, new FitOptions { Epochs = 1, Seed = options.Seed });
}

float[] bottleneck = model.LayerOutput(test, image, "conv2d_3");
string second = Path.Combine(output, "bottleneck-32-channels.png");
FeatureMapGrid.Save(FeatureMapGrid.Channels(bottleneck, 7, 7, 32), 7, 7, columns: 8, scale: 16, second);
Console.WriteLine($"wrote {Path.GetFullPath(second)}");

// The network the pictures came from, as ONNX, when --export-onnx PATH was given.
SampleTraining.ExportOnnx(model, options);
return 0;
