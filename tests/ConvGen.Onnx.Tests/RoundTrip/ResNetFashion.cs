// Imported by ConvGen from ResNetFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0.
// Input: 28x28x1 images, NHWC (the ONNX model takes N x 1 x 28 x 28, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: ResNetFashion.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.RoundTrip;

/// <summary>Imported from ResNetFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0: 28 layers, 52,426 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(28, 28, 1)]
[Conv2D(64, 7, Strides = 2, Pads = new[] { 5, 5, 4, 4 }, UseBias = false, Name = "conv2d")] // (None, 16, 16, 64)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization")] // (None, 16, 16, 64)
[MaxPool2D(3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Name = "max_pooling2d")] // (None, 8, 8, 64)
[Branch]
[Conv2D(16, 1, UseBias = false, Name = "conv2d_1")] // (None, 8, 8, 16)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_1")] // (None, 8, 8, 16)
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false, Name = "conv2d_2")] // (None, 8, 8, 16)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_2")] // (None, 8, 8, 16)
[Conv2D(64, 1, UseBias = false, Name = "conv2d_3")] // (None, 8, 8, 64)
[BatchNormalization(Name = "batch_normalization_3")] // (None, 8, 8, 64)
[Branch]
[Add(Activation = Activation.Relu, Name = "add")] // (None, 8, 8, 64)
[Branch]
[Conv2D(32, 1, UseBias = false, Name = "conv2d_4")] // (None, 8, 8, 32)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_4")] // (None, 8, 8, 32)
[Conv2D(32, 3, Strides = 2, Padding = Padding.Same, UseBias = false, Name = "conv2d_5")] // (None, 4, 4, 32)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_5")] // (None, 4, 4, 32)
[Conv2D(128, 1, UseBias = false, Name = "conv2d_6")] // (None, 4, 4, 128)
[BatchNormalization(Name = "batch_normalization_6")] // (None, 4, 4, 128)
[Branch]
[Conv2D(128, 1, Strides = 2, UseBias = false, Name = "conv2d_7")] // (None, 4, 4, 128)
[BatchNormalization(Name = "batch_normalization_7")] // (None, 4, 4, 128)
[Add(Activation = Activation.Relu, Name = "add_1")] // (None, 4, 4, 128)
[Branch]
[Conv2D(32, 1, UseBias = false, Name = "conv2d_8")] // (None, 4, 4, 32)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_8")] // (None, 4, 4, 32)
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false, Name = "conv2d_9")] // (None, 4, 4, 32)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization_9")] // (None, 4, 4, 32)
[Conv2D(128, 1, UseBias = false, Name = "conv2d_10")] // (None, 4, 4, 128)
[BatchNormalization(Name = "batch_normalization_10")] // (None, 4, 4, 128)
[Branch]
[Add(Activation = Activation.Relu, Name = "add_2")] // (None, 4, 4, 128)
[GlobalAveragePooling2D(Name = "global_average_pooling2d")] // (None, 128)
[Dense(10, Activation = Activation.Softmax, Name = "dense")] // (None, 10)
public partial class ResNetFashion
{
}
