using ConvGen;

namespace ConvGen.Samples;

/// <summary>The seed model: a small CNN for Fashion-MNIST with a 1x1 bottleneck before the classifier.</summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Conv2D(32, 1, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation = Activation.Softmax)]
public partial class FashionCnn
{
}
