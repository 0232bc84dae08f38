// Imported by ConvGen from opset_cnn_op21.onnx: opset 21, IR version 10, produced by make_models.py.
// Input: 9x9x3 images, NHWC (the ONNX model takes N x 3 x 9 x 9, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 5). Weights: OpsetCnn.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from opset_cnn_op21.onnx: opset 21, IR version 10, produced by make_models.py: 13 layers, 4,949 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(9, 9, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Name = "stem")] // (None, 9, 9, 8)
[BatchNormalization(Momentum = 0.9, Activation = Activation.Relu6, Name = "stem_bn")] // (None, 9, 9, 8)
[Branch]
[DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false, Name = "dw")] // (None, 9, 9, 8)
[BatchNormalization(Momentum = 0.9, Activation = Activation.Relu, Name = "dw_bn")] // (None, 9, 9, 8)
[Branch]
[Conv2D(8, 1, Activation = Activation.Relu, Name = "pw")] // (None, 9, 9, 8)
[Concatenate(Name = "concat")] // (None, 9, 9, 16)
[Branch]
[Conv2D(16, 1, UseBias = false, Name = "res")] // (None, 9, 9, 16)
[BatchNormalization(Momentum = 0.9, Name = "res_bn")] // (None, 9, 9, 16)
[Branch]
[Add(Activation = Activation.Relu, Name = "add")] // (None, 9, 9, 16)
[MaxPool2D(2, Name = "pool")] // (None, 4, 4, 16)
[Flatten(Name = "flatten")] // (None, 256)
[Dense(16, Activation = Activation.Relu, Name = "fc1")] // (None, 16)
[Dense(5, Activation = Activation.Softmax, Name = "fc2")] // (None, 5)
public partial class OpsetCnn
{
}
