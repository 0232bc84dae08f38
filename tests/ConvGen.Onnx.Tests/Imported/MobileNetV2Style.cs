// Imported by ConvGen from mobilenet_v2_style_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0.
// Input: 17x17x3 images, NHWC (the ONNX model takes N x 3 x 17 x 17, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 10). Weights: MobileNetV2Style.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from mobilenet_v2_style_op13.onnx: opset 13, IR version 7, produced by pytorch 1.13.0: 11 layers, 1,722 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(17, 17, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu6, Name = "features/features.0")] // (None, 17, 17, 8)
[Conv2D(16, 1, Activation = Activation.Relu6, Name = "features/features.3/block/block.0")] // (None, 17, 17, 16)
[DepthwiseConv2D(3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu6, Name = "features/features.3/block/block.3")] // (None, 9, 9, 16)
[Conv2D(8, 1, Name = "features/features.3/block/block.6")] // (None, 9, 9, 8)
[Branch]
[Branch]
[Conv2D(16, 1, Activation = Activation.Relu6, Name = "features/features.4/block/block.0")] // (None, 9, 9, 16)
[DepthwiseConv2D(3, Padding = Padding.Same, Activation = Activation.Relu6, Name = "features/features.4/block/block.3")] // (None, 9, 9, 16)
[Conv2D(8, 1, Name = "features/features.4/block/block.6")] // (None, 9, 9, 8)
[Add(Name = "features/features.4")] // (None, 9, 9, 8)
[Conv2D(32, 1, Activation = Activation.Relu6, Name = "head/head.0")] // (None, 9, 9, 32)
[GlobalAveragePooling2D(Name = "pool")] // (None, 32)
[Dense(10, Name = "classifier")] // (None, 10)
public partial class MobileNetV2Style
{
}
