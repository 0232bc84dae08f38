using ConvGen;

namespace ConvGen.Tests.Declarations;

// 5x5 and 7x7 kernels and explicit (asymmetric) pads: every path of each is held to the double-precision reference by
// ForwardKernelTests and BackwardKernelTests, as every declared kernel is. Small images keep the generated code small.
// L11 on: odd channel and filter counts, 5x5 stride 2 'same' and 'valid', pads larger at the bottom and right or at
// the top and left, tiny images (1x1, 2x3, 3x3) under 5x5 and 7x7 kernels, and depthwise 5x5 on 13 channels (its
// weight gradient's partial-vector block loops over kernel rows to stay inside the JIT budget). A 1x1 kernel takes
// no explicit pads but zeros (each pad is less than the kernel size), which declare 'valid'.
[Conv2DKernel(8, 8, 3, 8, 5, Padding = Padding.Same)] public static partial class L01Conv5x5Same { }
[Conv2DKernel(9, 7, 5, 16, 5, Strides = 2, Pads = new[] { 2, 1, 1, 2 })] public static partial class L02Conv5x5Stride2Asymmetric { }
[Conv2DKernel(16, 16, 3, 16, 7, Strides = 2, Pads = new[] { 3, 3, 2, 2 }, Activation = Activation.Relu)] public static partial class L03Stem7x7Stride2 { }
[Conv2DKernel(7, 7, 4, 8, 7, Padding = Padding.Same)] public static partial class L04Conv7x7SameOnItsSize { }
[Conv2DKernel(1, 1, 5, 9, 7, Padding = Padding.Same)] public static partial class L05Conv7x7OnePixel { }
[Conv2DKernel(8, 8, 6, 12, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 }, Activation = Activation.Relu)] public static partial class L06TorchStride2 { }
[Conv2DKernel(6, 5, 7, 9, 5)] public static partial class L07Conv5x5ValidOdd { }
[DepthwiseConv2DKernel(10, 10, 16, 5, Padding = Padding.Same, Activation = Activation.Relu6)] public static partial class L08Depthwise5x5Same { }
[DepthwiseConv2DKernel(9, 8, 8, 5, Strides = 2, Pads = new[] { 2, 2, 1, 1 })] public static partial class L09Depthwise5x5Stride2Pads { }
[DepthwiseConv2DKernel(8, 8, 16, 3, Strides = 2, Pads = new[] { 1, 1, 0, 0 })] public static partial class L10DepthwiseTorchStride2 { }
[Conv2DKernel(9, 10, 3, 7, 7)] public static partial class L11Conv7x7Stride1Valid { }
[Conv2DKernel(6, 5, 5, 11, 5, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class L12Conv5x5Stride2Same { }
[Conv2DKernel(9, 9, 13, 9, 5, Strides = 2)] public static partial class L13Conv5x5Stride2Valid { }
[Conv2DKernel(7, 8, 3, 7, 5, Pads = new[] { 1, 0, 3, 4 })] public static partial class L14Conv5x5PadsBottomRight { }
[Conv2DKernel(9, 8, 3, 11, 7, Strides = 2, Pads = new[] { 3, 2, 1, 0 }, UseBias = false)] public static partial class L15Conv7x7Stride2PadsTopLeft { }
[Conv2DKernel(1, 1, 13, 7, 5, Pads = new[] { 4, 0, 0, 4 })] public static partial class L16Conv5x5OnePixelCornerTap { }
[Conv2DKernel(2, 3, 5, 9, 7, Pads = new[] { 4, 2, 2, 4 }, Activation = Activation.Relu6)] public static partial class L17Conv7x7TwoByThree { }
[Conv2DKernel(3, 3, 3, 11, 5, Strides = 2, Padding = Padding.Same)] public static partial class L18Conv5x5ThreeByThreeStride2 { }
[DepthwiseConv2DKernel(6, 5, 5, 5, Pads = new[] { 1, 3, 4, 0 })] public static partial class L19Depthwise5x5PadsAsymmetric { }
[DepthwiseConv2DKernel(6, 7, 7, 3, Pads = new[] { 2, 0, 0, 2 }, Activation = Activation.Relu)] public static partial class L20Depthwise3x3OddPads { }
[DepthwiseConv2DKernel(6, 6, 13, 5, Padding = Padding.Same)] public static partial class L21Depthwise5x5Channels13 { }
[DepthwiseConv2DKernel(2, 3, 11, 5, Padding = Padding.Same, UseBias = false)] public static partial class L22Depthwise5x5TwoByThree { }
[DepthwiseConv2DKernel(7, 7, 9, 5, Strides = 2, Activation = Activation.Relu6)] public static partial class L23Depthwise5x5Stride2Valid { }
