using ConvGen;

// Standalone kernels covering the shapes the numerical tests check: channels 1 to over 64 (many not multiples of 8),
// images 1x1 to 66x62 (odd, non-square), both paddings, strides 1 and 2, with and without bias and ReLU.
namespace ConvGen.Tests.Declarations;

[Conv2DKernel(28, 28, 1, 32, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K01Seed1 { }
[Conv2DKernel(14, 14, 32, 64, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K02Seed2 { }
[Conv2DKernel(7, 7, 64, 128, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K03Seed3 { }
[Conv2DKernel(7, 7, 128, 32, 1, Activation = Activation.Relu)] public static partial class K04Seed1x1 { }
[Conv2DKernel(28, 28, 192, 64, 1, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K05Incep1x1To64 { }
[Conv2DKernel(28, 28, 192, 96, 1, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K06Incep1x1To96 { }
[Conv2DKernel(28, 28, 96, 128, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K07Incep3x3 { }
[Conv2DKernel(28, 28, 192, 32, 1, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K08Incep1x1To32 { }
[Conv2DKernel(5, 7, 3, 5, 3)] public static partial class K09Odd3To5Valid { }
[Conv2DKernel(9, 9, 1, 8, 3, Padding = Padding.Same)] public static partial class K10One2Eight { }
[Conv2DKernel(15, 15, 13, 17, 3, Padding = Padding.Same, Strides = 2)] public static partial class K11Odd13To17Stride2 { }
[Conv2DKernel(1, 1, 7, 9, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K12OnePixel3x3 { }
[Conv2DKernel(1, 1, 16, 8, 1)] public static partial class K13OnePixel1x1 { }
[Conv2DKernel(2, 3, 5, 3, 3, Padding = Padding.Same)] public static partial class K14Tiny2x3 { }
[Conv2DKernel(3, 3, 4, 12, 3)] public static partial class K15ValidToOnePixel { }
[Conv2DKernel(6, 5, 9, 24, 3, Padding = Padding.Same, Strides = 2)] public static partial class K16EvenOddStride2 { }
[Conv2DKernel(11, 8, 20, 40, 1, Padding = Padding.Same, Strides = 2)] public static partial class K17Pointwise1x1Stride2Same { }
[Conv2DKernel(11, 8, 20, 40, 1, Strides = 2, Activation = Activation.Relu)] public static partial class K18Pointwise1x1Stride2Valid { }
[Conv2DKernel(56, 56, 8, 16, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K19Large56 { }
[Conv2DKernel(10, 12, 65, 7, 3, Padding = Padding.Same)] public static partial class K20Wide65To7 { }
[Conv2DKernel(4, 4, 72, 70, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K21Tail70 { }
[Conv2DKernel(8, 8, 33, 33, 1)] public static partial class K22Odd1x1 { }
[Conv2DKernel(13, 7, 2, 3, 3, UseBias = false)] public static partial class K23NoBiasValid { }
[Conv2DKernel(6, 6, 3, 9, 3, Padding = Padding.Same, Activation = Activation.Relu, UseBias = false)] public static partial class K24NoBiasReluSame { }
[Conv2DKernel(16, 16, 24, 48, 3, Strides = 2)] public static partial class K25ValidStride2 { }
[Conv2DKernel(7, 9, 31, 25, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu)] public static partial class K26OddStride2Relu { }
[Conv2DKernel(12, 12, 100, 20, 1, Activation = Activation.Relu, UseBias = false)] public static partial class K27Chunked1x1 { }
[Conv2DKernel(3, 2, 1, 1, 3, Padding = Padding.Same)] public static partial class K28SingleFilter { }
[Conv2DKernel(20, 20, 16, 8, 3, Padding = Padding.Same)] public static partial class K29OneVectorWideTile { }
[Conv2DKernel(5, 5, 40, 136, 3, Padding = Padding.Same)] public static partial class K30ManyBlocks { }
[Conv2DKernel(9, 9, 17, 19, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K31SegmentedOdd { }
[Conv2DKernel(4, 4, 200, 16, 3)] public static partial class K32ChunkedValid { }
[Conv2DKernel(8, 8, 512, 512, 3, Padding = Padding.Same, Activation = Activation.Relu)] public static partial class K33Large512 { }
[Conv2DKernel(2, 2, 3, 4, 3, Padding = Padding.Same, Strides = 2)] public static partial class K34TinyStride2 { }
[Conv2DKernel(9, 7, 12, 20, 3, Padding = Padding.Same, Activation = Activation.Relu6)] public static partial class K35Relu6 { }
[Conv2DKernel(14, 14, 64, 64, 1, Activation = Activation.Relu6, UseBias = false)] public static partial class K36Relu6Pointwise { }
[Conv2DKernel(64, 64, 72, 96, 1, Activation = Activation.Relu)] public static partial class K37Prefetched1x1 { }
[Conv2DKernel(66, 62, 5, 72, 3, Padding = Padding.Same, Winograd = false)] public static partial class K38StreamedDirect3x3 { }
// The seed's second convolution kept direct (it would run Winograd): a tile's 32 channels x 9 taps loop over chunks.
[Conv2DKernel(14, 14, 32, 64, 3, Padding = Padding.Same, Activation = Activation.Relu, Winograd = false)] public static partial class K39Seed2Direct { }
// The largest direct layer: 512 -> 512 channels, 3x3 stride 2 (a ResNet's downsampling).
[Conv2DKernel(8, 8, 512, 512, 3, Padding = Padding.Same, Strides = 2)] public static partial class K40Large512Stride2 { }
