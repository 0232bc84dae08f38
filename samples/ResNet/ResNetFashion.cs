using ConvGen;

namespace ConvGen.Samples.ResNet;

/// <summary>
/// A small ResNet for Fashion-MNIST: a 3x3 stem, then bottleneck blocks (1x1 reduce → 3x3 → 1x1 expand, each with
/// batch normalisation) added to their shortcut — the identity, or a 1x1 projection where the channels change.
/// </summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Branch, Conv2D(16, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(32, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[MaxPool2D(2)]
[Branch, Conv2D(32, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(64, 1, UseBias = false), BatchNormalization]
[Branch, Conv2D(64, 1, UseBias = false), BatchNormalization]
[Add(Activation = Activation.Relu)]
[MaxPool2D(2)]
[Branch, Conv2D(32, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(64, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dropout(0.3)]
[Dense(10, Activation = Activation.Softmax)]
public partial class ResNetFashion
{
}
