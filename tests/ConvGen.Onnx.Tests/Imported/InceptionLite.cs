// Imported by ConvGen from inception_lite_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0.
// Input: 15x15x1 images, NHWC (the ONNX model takes N x 1 x 15 x 15, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: InceptionLite.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from inception_lite_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0: 10 layers, 16,250 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(15, 15, 1)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "stem")] // (None, 15, 15, 8)
[Branch]
[Conv2D(8, 1, Activation = Activation.Relu, Name = "b1")] // (None, 15, 15, 8)
[Branch]
[Conv2D(8, 1, Activation = Activation.Relu, Name = "b2_reduce")] // (None, 15, 15, 8)
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "b2")] // (None, 15, 15, 8)
[Branch]
[MaxPool2D(3, Strides = 1, Padding = Padding.Same, Name = "b3_pool")] // (None, 15, 15, 8)
[Conv2D(8, 1, Activation = Activation.Relu, Name = "b3")] // (None, 15, 15, 8)
[Concatenate(Name = "Concat")] // (None, 15, 15, 24)
[MaxPool2D(2, Padding = Padding.Same, Name = "pool")] // (None, 8, 8, 24)
[Flatten(Name = "Flatten")] // (None, 1536)
[Dense(10, Name = "fc")] // (None, 10)
public partial class InceptionLite
{
}
