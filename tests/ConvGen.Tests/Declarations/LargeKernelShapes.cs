using ConvGen;

namespace ConvGen.Tests.Declarations;

// 5x5 and 7x7 kernels and explicit (asymmetric) pads: every path of each is held to the double-precision reference by
// ForwardKernelTests and BackwardKernelTests, as every declared kernel is. Small images keep the generated code small.
// (A 5x5 depthwise kernel on 13 channels is left out: its weight-gradient tail method is 79 KB of IL, past the JIT
// budget JitBudgetTests holds every kernel to; that template needs a loop first.)
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
