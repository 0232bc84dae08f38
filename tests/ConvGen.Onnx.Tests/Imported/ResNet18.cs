// Imported by ConvGen from resnet18_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0.
// Input: 224x224x3 images, NHWC (the ONNX model takes N x 3 x 224 x 224, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 1000). Weights: ResNet18.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from resnet18_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0: 31 layers, 11,684,712 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(224, 224, 3)]
[Conv2D(64, 7, Strides = 2, Pads = new[] { 3, 3, 2, 2 }, Activation = Activation.Relu, Name = "conv1")] // (None, 112, 112, 64)
[MaxPool2D(3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Name = "maxpool")] // (None, 56, 56, 64)
[Branch]
[Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "layer1/layer1.0/conv1")] // (None, 56, 56, 64)
[Conv2D(64, 3, Padding = Padding.Same, Name = "layer1/layer1.0/conv2")] // (None, 56, 56, 64)
[Branch]
[Add(Activation = Activation.Relu, Name = "layer1/layer1.0")] // (None, 56, 56, 64)
[Branch]
[Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "layer1/layer1.1/conv1")] // (None, 56, 56, 64)
[Conv2D(64, 3, Padding = Padding.Same, Name = "layer1/layer1.1/conv2")] // (None, 56, 56, 64)
[Branch]
[Add(Activation = Activation.Relu, Name = "layer1/layer1.1")] // (None, 56, 56, 64)
[Branch]
[Conv2D(128, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Activation = Activation.Relu, Name = "layer2/layer2.0/conv1")] // (None, 28, 28, 128)
[Conv2D(128, 3, Padding = Padding.Same, Name = "layer2/layer2.0/conv2")] // (None, 28, 28, 128)
[Branch]
[Conv2D(128, 1, Strides = 2, Name = "layer2/layer2.0/downsample/downsample.0")] // (None, 28, 28, 128)
[Add(Activation = Activation.Relu, Name = "layer2/layer2.0")] // (None, 28, 28, 128)
[Branch]
[Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "layer2/layer2.1/conv1")] // (None, 28, 28, 128)
[Conv2D(128, 3, Padding = Padding.Same, Name = "layer2/layer2.1/conv2")] // (None, 28, 28, 128)
[Branch]
[Add(Activation = Activation.Relu, Name = "layer2/layer2.1")] // (None, 28, 28, 128)
[Branch]
[Conv2D(256, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Activation = Activation.Relu, Name = "layer3/layer3.0/conv1")] // (None, 14, 14, 256)
[Conv2D(256, 3, Padding = Padding.Same, Name = "layer3/layer3.0/conv2")] // (None, 14, 14, 256)
[Branch]
[Conv2D(256, 1, Strides = 2, Name = "layer3/layer3.0/downsample/downsample.0")] // (None, 14, 14, 256)
[Add(Activation = Activation.Relu, Name = "layer3/layer3.0")] // (None, 14, 14, 256)
[Branch]
[Conv2D(256, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "layer3/layer3.1/conv1")] // (None, 14, 14, 256)
[Conv2D(256, 3, Padding = Padding.Same, Name = "layer3/layer3.1/conv2")] // (None, 14, 14, 256)
[Branch]
[Add(Activation = Activation.Relu, Name = "layer3/layer3.1")] // (None, 14, 14, 256)
[Branch]
[Conv2D(512, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Activation = Activation.Relu, Name = "layer4/layer4.0/conv1")] // (None, 7, 7, 512)
[Conv2D(512, 3, Padding = Padding.Same, Name = "layer4/layer4.0/conv2")] // (None, 7, 7, 512)
[Branch]
[Conv2D(512, 1, Strides = 2, Name = "layer4/layer4.0/downsample/downsample.0")] // (None, 7, 7, 512)
[Add(Activation = Activation.Relu, Name = "layer4/layer4.0")] // (None, 7, 7, 512)
[Branch]
[Conv2D(512, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "layer4/layer4.1/conv1")] // (None, 7, 7, 512)
[Conv2D(512, 3, Padding = Padding.Same, Name = "layer4/layer4.1/conv2")] // (None, 7, 7, 512)
[Branch]
[Add(Activation = Activation.Relu, Name = "layer4/layer4.1")] // (None, 7, 7, 512)
[GlobalAveragePooling2D(Name = "avgpool")] // (None, 512)
[Dense(1000, Name = "fc")] // (None, 1000)
public partial class ResNet18
{
}
