using ConvGen;

namespace ConvGen.Samples.FeatureMaps;

/// <summary>The seed's illustration: a 1x1 convolution with 4 filters applied to one 28x28 grey image.</summary>
[Conv2DKernel(28, 28, 1, 4, 1)]
public static partial class OneByOneFourFilters
{
}
