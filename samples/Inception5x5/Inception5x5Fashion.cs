using ConvGen;

namespace ConvGen.Samples.Inception5x5;

/// <summary>
/// A small Inception-style network for Fashion-MNIST whose blocks have the seed's four branches: 1x1; 1x1 reduce →
/// 3x3 'same'; 1x1 reduce → 5x5 'same'; 3x3 stride-1 max pooling → 1x1. A 3x3 stem, two blocks (14x14 and 7x7), a
/// dense classifier.
/// </summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu), Conv2D(24, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(8, 1, Activation = Activation.Relu), Conv2D(16, 5, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(8, 1, Activation = Activation.Relu)]
[Concatenate]
[MaxPool2D(2)]
[Branch, Conv2D(32, 1, Activation = Activation.Relu)]
[Branch, Conv2D(32, 1, Activation = Activation.Relu), Conv2D(48, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu), Conv2D(24, 5, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(16, 1, Activation = Activation.Relu)]
[Concatenate]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation = Activation.Softmax)]
public partial class Inception5x5Fashion
{
}
