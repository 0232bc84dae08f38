// Imported by ConvGen from resnet_style_op15.onnx: opset 15, IR version 8, produced by pytorch 1.13.0.
// Input: 17x17x3 images, NHWC (the ONNX model takes N x 3 x 17 x 17, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: ResNetStyle.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from resnet_style_op15.onnx: opset 15, IR version 8, produced by pytorch 1.13.0: 11 layers, 16,994 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(17, 17, 3)]
[Conv2D(8, 3, Padding = Padding.Same, UseBias = false, Name = "stem")] // (None, 17, 17, 8)
[BatchNormalization(Epsilon = 1E-05, Momentum = 0.9, Activation = Activation.Relu, Name = "stem_bn")] // (None, 17, 17, 8)
[Branch]
[Conv2D(16, 3, Strides = 2, Padding = Padding.Same, UseBias = false, Name = "conv1")] // (None, 9, 9, 16)
[BatchNormalization(Epsilon = 1E-05, Momentum = 0.9, Activation = Activation.Relu, Name = "bn1")] // (None, 9, 9, 16)
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false, Name = "conv2")] // (None, 9, 9, 16)
[BatchNormalization(Epsilon = 1E-05, Momentum = 0.9, Name = "bn2")] // (None, 9, 9, 16)
[Branch]
[Conv2D(16, 1, Strides = 2, UseBias = false, Name = "proj")] // (None, 9, 9, 16)
[BatchNormalization(Epsilon = 1E-05, Momentum = 0.9, Name = "proj_bn")] // (None, 9, 9, 16)
[Add(Activation = Activation.Relu, Name = "Add")] // (None, 9, 9, 16)
[Flatten(Name = "Flatten")] // (None, 1296)
[Dense(10, Name = "fc")] // (None, 10)
public partial class ResNetStyle
{
}
