// Imported by ConvGen from pads_pools_op19.onnx: opset 19, IR version 9, produced by make_models.py.
// Input: 10x10x3 images, NHWC (the ONNX model takes N x 3 x 10 x 10, NCHW: ConvGen.Onnx.NchwLayout.ToNhwc converts).
// Output: (None, 8). Weights: PadsPools19.cgw (LoadWeights).
using ConvGen;

namespace ConvGen.Onnx.Tests.Imported;

/// <summary>Imported from pads_pools_op19.onnx: opset 19, IR version 9, produced by make_models.py: 6 layers, 3,568 parameters.</summary>
[ConvNet(InferenceOnly = true)]
[Input(10, 10, 3)]
[Conv2D(8, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Activation = Activation.Relu, Name = "down")] // (None, 5, 5, 8)
[DepthwiseConv2D(5, Pads = new[] { 2, 1, 2, 3 }, UseBias = false, Name = "dw5")] // (None, 5, 5, 8)
[AveragePooling2D(3, Strides = 1, Padding = Padding.Same, CountIncludePad = true, Name = "avg3")] // (None, 5, 5, 8)
[AveragePooling2D(2, Padding = Padding.Same, CountIncludePad = false, Name = "avg2")] // (None, 3, 3, 8)
[Conv2D(8, 7, Padding = Padding.Same, Name = "c7")] // (None, 3, 3, 8)
[GlobalAveragePooling2D(Name = "gpool")] // (None, 8)
public partial class PadsPools19
{
}
