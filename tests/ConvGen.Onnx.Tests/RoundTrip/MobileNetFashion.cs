// Imported by ConvGen from MobileNetFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0.
// Input: 28x28x1 images, NHWC (the ONNX model takes N x 1 x 28 x 28, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: MobileNetFashion.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.RoundTrip;

/// <summary>Imported from MobileNetFashion.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0: 21 layers, 89,738 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false, Name = "conv2d")] // (None, 28, 28, 32)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization")] // (None, 28, 28, 32)
[DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false, Name = "depthwise_conv2d")] // (None, 28, 28, 32)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_1")] // (None, 28, 28, 32)
[Conv2D(64, 1, UseBias = false, Name = "conv2d_1")] // (None, 28, 28, 64)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_2")] // (None, 28, 28, 64)
[DepthwiseConv2D(3, Strides = 2, Padding = Padding.Same, UseBias = false, Name = "depthwise_conv2d_1")] // (None, 14, 14, 64)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_3")] // (None, 14, 14, 64)
[Conv2D(128, 1, UseBias = false, Name = "conv2d_2")] // (None, 14, 14, 128)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_4")] // (None, 14, 14, 128)
[DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false, Name = "depthwise_conv2d_2")] // (None, 14, 14, 128)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_5")] // (None, 14, 14, 128)
[Conv2D(128, 1, UseBias = false, Name = "conv2d_3")] // (None, 14, 14, 128)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_6")] // (None, 14, 14, 128)
[DepthwiseConv2D(3, Strides = 2, Padding = Padding.Same, UseBias = false, Name = "depthwise_conv2d_3")] // (None, 7, 7, 128)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_7")] // (None, 7, 7, 128)
[Conv2D(256, 1, UseBias = false, Name = "conv2d_4")] // (None, 7, 7, 256)
[BatchNormalization(Activation = Activation.Relu6, Name = "batch_normalization_8")] // (None, 7, 7, 256)
[MaxPool2D(2, Name = "max_pooling2d")] // (None, 3, 3, 256)
[Flatten(Name = "flatten")] // (None, 2304)
[Dense(10, Activation = Activation.Softmax, Name = "dense")] // (None, 10)
public partial class MobileNetFashion
{
}
