// Imported by ConvGen from inception_style_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0.
// Input: 16x16x1 images, NHWC (the ONNX model takes N x 1 x 16 x 16, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: InceptionStyle.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from inception_style_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0: 11 layers, 2,054 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(16, 16, 1)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "stem")] // (None, 16, 16, 8)
[Branch]
[Conv2D(8, 1, Activation = Activation.Relu, Name = "b1")] // (None, 16, 16, 8)
[Branch]
[Conv2D(8, 1, Activation = Activation.Relu, Name = "b3_reduce")] // (None, 16, 16, 8)
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "b3")] // (None, 16, 16, 8)
[Branch]
[Conv2D(4, 1, Activation = Activation.Relu, Name = "b5_reduce")] // (None, 16, 16, 4)
[Conv2D(8, 5, Padding = Padding.Same, Activation = Activation.Relu, Name = "b5")] // (None, 16, 16, 8)
[Branch]
[AveragePooling2D(3, Strides = 1, Padding = Padding.Same, CountIncludePad = true, Name = "bp_pool")] // (None, 16, 16, 8)
[Conv2D(8, 1, Activation = Activation.Relu, Name = "bp")] // (None, 16, 16, 8)
[Concatenate(Name = "Concat")] // (None, 16, 16, 32)
[GlobalAveragePooling2D(Name = "pool")] // (None, 32)
[Dense(10, Name = "fc")] // (None, 10)
public partial class InceptionStyle
{
}
