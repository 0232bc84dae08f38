using ConvGen;

namespace ConvGen.Samples.ResNet;

/// <summary>
/// A small ResNet for Fashion-MNIST with ImageNet's stem and head. The stem is ResNet's: a 7x7 stride-2 convolution
/// (64 filters, batch normalisation, ReLU) and a 3x3 stride-2 max pooling. ImageNet's stem expects a larger image, so
/// the 28x28 image is zero-padded to 32x32 (2 pixels on every side), and the stem on 32x32 pads 3, 3, 2, 2 as
/// ResNet's 7x7/2 on 224x224 does: both paddings are zeros, so they are one set of explicit pads on the 28x28 input,
/// 2 + 3 = 5 above and left, 2 + 2 = 4 below and right (32x32 → 16x16), and the data stay the 28x28 images every
/// sample reads. The pooling pads 1 above and left as PyTorch's (padding 1) does; the row and column PyTorch also
/// adds below and right are never reached by a stride-2 window on 16x16, so they are left out (ONNX import trims them
/// the same way): 16x16 → 8x8. Then three bottleneck blocks (1x1 reduce → 3x3 → 1x1 expand, each with batch
/// normalisation) added to their shortcut — the identity, or, where the channels and size change, a 1x1 stride-2
/// projection (the block's 3x3 has stride 2: 8x8x64 → 4x4x128) — and ImageNet's head: global average pooling
/// (4x4x128 → 128 features) and one dense layer.
/// </summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(64, 7, Strides = 2, Pads = new[] { 5, 5, 4, 4 }, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[MaxPool2D(3, Strides = 2, Pads = new[] { 1, 1, 0, 0 })]
[Branch, Conv2D(16, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(64, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[Branch, Conv2D(32, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(32, 3, Strides = 2, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(128, 1, UseBias = false), BatchNormalization]
[Branch, Conv2D(128, 1, Strides = 2, UseBias = false), BatchNormalization]
[Add(Activation = Activation.Relu)]
[Branch, Conv2D(32, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(128, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[GlobalAveragePooling2D]
[Dense(10, Activation = Activation.Softmax)]
public partial class ResNetFashion
{
}
