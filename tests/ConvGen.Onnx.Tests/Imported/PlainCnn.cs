// Imported by ConvGen from plain_cnn_op17.onnx: opset 17, IR version 8, produced by pytorch 1.13.0.
// Input: 28x28x1 images, NHWC (the ONNX model takes N x 1 x 28 x 28, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: PlainCnn.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from plain_cnn_op17.onnx: opset 17, IR version 8, produced by pytorch 1.13.0: 7 layers, 26,698 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(28, 28, 1)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv1")] // (None, 28, 28, 8)
[MaxPool2D(2, Name = "pool")] // (None, 14, 14, 8)
[Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "conv2")] // (None, 14, 14, 16)
[MaxPool2D(2, Name = "pool_1")] // (None, 7, 7, 16)
[Flatten(Name = "Flatten")] // (None, 784)
[Dense(32, Activation = Activation.Relu, Name = "fc1")] // (None, 32)
[Dense(10, Activation = Activation.Softmax, Name = "fc2")] // (None, 10)
public partial class PlainCnn
{
}
