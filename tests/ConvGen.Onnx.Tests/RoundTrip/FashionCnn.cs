// Imported by ConvGen from FashionCnn.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0.
// Input: 28x28x1 images, NHWC (the ONNX model takes N x 1 x 28 x 28, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: FashionCnn.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.RoundTrip;

/// <summary>Imported from FashionCnn.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0: 10 layers, 135,082 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d")] // (None, 28, 28, 32)
[MaxPool2D(2, Name = "max_pooling2d")] // (None, 14, 14, 32)
[Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d_1")] // (None, 14, 14, 64)
[MaxPool2D(2, Name = "max_pooling2d_1")] // (None, 7, 7, 64)
[Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2d_2")] // (None, 7, 7, 128)
[Conv2D(32, 1, Activation = Activation.Relu, Name = "conv2d_3")] // (None, 7, 7, 32)
[MaxPool2D(2, Name = "max_pooling2d_2")] // (None, 3, 3, 32)
[Flatten(Name = "flatten")] // (None, 288)
[Dense(128, Activation = Activation.Relu, Name = "dense")] // (None, 128)
[Dense(10, Activation = Activation.Softmax, Name = "dense_1")] // (None, 10)
public partial class FashionCnn
{
}
