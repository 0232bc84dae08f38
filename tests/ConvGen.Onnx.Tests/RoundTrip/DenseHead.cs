// Imported by ConvGen from dense_head.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0.
// Input: 6x6x3 images, NHWC (the ONNX model takes N x 3 x 6 x 6, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 3). Weights: DenseHead.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.RoundTrip;

/// <summary>Imported from dense_head.onnx: opset 13, IR version 7, produced by ConvGen 0.1.0: 8 layers, 443 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(6, 6, 3)]
[Conv2D(6, 3, Strides = 2, Name = "conv2d")] // (None, 2, 2, 6)
[Flatten(Name = "flatten")] // (None, 24)
[Dense(7, Activation = Activation.Relu6, UseBias = false, Name = "dense")] // (None, 7)
[BatchNormalization(Activation = Activation.Relu, Name = "batch_normalization")] // (None, 7)
[Branch]
[Dense(4, Activation = Activation.Relu, Name = "dense_1")] // (None, 4)
[Branch]
[Dense(4, Name = "dense_2")] // (None, 4)
[Add(Activation = Activation.Relu6, Name = "add")] // (None, 4)
[Dense(3, Activation = Activation.Softmax, Name = "dense_3")] // (None, 3)
public partial class DenseHead
{
}
