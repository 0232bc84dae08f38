using ConvGen;

namespace ConvGen.Samples.Inception;

/// <summary>A small Inception-style network for Fashion-MNIST: a stem, two Inception blocks, a dense classifier.</summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu)]
[Branch, Conv2D(16, 1, Activation = Activation.Relu), Conv2D(24, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(8, 1, Activation = Activation.Relu)]
[Concatenate]
[MaxPool2D(2)]
[Branch, Conv2D(32, 1, Activation = Activation.Relu)]
[Branch, Conv2D(32, 1, Activation = Activation.Relu), Conv2D(48, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(16, 1, Activation = Activation.Relu)]
[Concatenate]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation = Activation.Softmax)]
public partial class InceptionFashion
{
}
