using ConvGen;

namespace ConvGen.Samples.Inception5x5;

/// <summary>
/// The seed's Inception block with its 5x5 branch (GoogLeNet's inception 3a) on a 28x28x192 input: a 1x1 branch (64),
/// a 1x1 (96) → 3x3 (128) branch, a 1x1 (16) → 5x5 (32) branch and a 3x3 stride-1 max-pool → 1x1 (32) branch,
/// concatenated to 28x28x256.
/// </summary>
[ConvNet]
[Input(28, 28, 192)]
[Branch, Conv2D(64, 1, Activation = Activation.Relu)]
[Branch, Conv2D(96, 1, Activation = Activation.Relu), Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu), Conv2D(32, 5, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(32, 1, Activation = Activation.Relu)]
[Concatenate]
public partial class InceptionBlock5x5
{
}
