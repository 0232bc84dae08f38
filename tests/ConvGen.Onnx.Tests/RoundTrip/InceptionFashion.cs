// Imported by ConvGen from InceptionFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0.
// Input: 28x28x1 images, NHWC (the ONNX model takes N x 1 x 28 x 28, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: InceptionFashion.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.RoundTrip;

/// <summary>Imported from InceptionFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0: 19 layers, 134,922 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d")] // (None, 28, 28, 32)
[MaxPool2D(2, Name = "max_pooling2d")] // (None, 14, 14, 32)
[Branch]
[Conv2D(16, 1, Activation = Activation.Relu, Name = "conv2d_1")] // (None, 14, 14, 16)
[Branch]
[Conv2D(16, 1, Activation = Activation.Relu, Name = "conv2d_2")] // (None, 14, 14, 16)
[Conv2D(24, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d_3")] // (None, 14, 14, 24)
[Branch]
[MaxPool2D(3, Strides = 1, Padding = Padding.Same, Name = "max_pooling2d_1")] // (None, 14, 14, 32)
[Conv2D(8, 1, Activation = Activation.Relu, Name = "conv2d_4")] // (None, 14, 14, 8)
[Concatenate(Name = "concatenate")] // (None, 14, 14, 48)
[MaxPool2D(2, Name = "max_pooling2d_2")] // (None, 7, 7, 48)
[Branch]
[Conv2D(32, 1, Activation = Activation.Relu, Name = "conv2d_5")] // (None, 7, 7, 32)
[Branch]
[Conv2D(32, 1, Activation = Activation.Relu, Name = "conv2d_6")] // (None, 7, 7, 32)
[Conv2D(48, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d_7")] // (None, 7, 7, 48)
[Branch]
[MaxPool2D(3, Strides = 1, Padding = Padding.Same, Name = "max_pooling2d_3")] // (None, 7, 7, 48)
[Conv2D(16, 1, Activation = Activation.Relu, Name = "conv2d_8")] // (None, 7, 7, 16)
[Concatenate(Name = "concatenate_1")] // (None, 7, 7, 96)
[MaxPool2D(2, Name = "max_pooling2d_4")] // (None, 3, 3, 96)
[Flatten(Name = "flatten")] // (None, 864)
[Dense(128, Activation = Activation.Relu, Name = "dense")] // (None, 128)
[Dense(10, Activation = Activation.Softmax, Name = "dense_1")] // (None, 10)
public partial class InceptionFashion
{
}
