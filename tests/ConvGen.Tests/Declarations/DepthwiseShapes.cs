using ConvGen;

// Depthwise 3x3 kernels: channels 3 to 128 (tails of 3, 4, 5 lanes), images 1x1 to 56x56, both paddings, strides 1 and 2.
namespace ConvGen.Tests.Declarations;

[DepthwiseConv2DKernel(56, 56, 128, Padding = Padding.Same, Activation = Activation.Relu6)] public static partial class D01MobileNet56 { }
[DepthwiseConv2DKernel(14, 14, 32, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class D02Same { }
[DepthwiseConv2DKernel(15, 15, 20, Padding = Padding.Same, Strides = 2)] public static partial class D03Stride2Tail { }
[DepthwiseConv2DKernel(7, 9, 13, UseBias = false)] public static partial class D04ValidNoBias { }
[DepthwiseConv2DKernel(1, 1, 8, Padding = Padding.Same)] public static partial class D05OnePixel { }
[DepthwiseConv2DKernel(16, 16, 24, Strides = 2, Activation = Activation.Relu)] public static partial class D06ValidStride2 { }
[DepthwiseConv2DKernel(5, 6, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu6)] public static partial class D07TinyStride2 { }
[DepthwiseConv2DKernel(28, 28, 64, Padding = Padding.Same, Activation = Activation.Relu6, UseBias = false)] public static partial class D08NoBias64 { }
// D01 and D09 have images of 1 MB or more, whose output is streamed: D01 at both widths, D09 at 256 bits only (24 channels are whole 8-lane vectors, not 16-lane ones).
[DepthwiseConv2DKernel(105, 105, 24, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class D09Streams256Only { }
