using ConvGen;

// Stride-1 3x3 kernels the generator computes with Winograd F(2x2, 3x3): odd output sizes (edge tiles with one row or
// column), 'valid' padding, channel and filter counts of 8 mod 16 (a 256-bit half in the 512-bit transforms), no bias,
// ReLU6; and an opted-out one. (K02, K03, K07, K32 and K33 in KernelShapes are Winograd kernels too.)
namespace ConvGen.Tests.Declarations;

[Conv2DKernel(9, 11, 24, 40, 3, Padding = Padding.Same, Activation = Activation.Relu6)] public static partial class W01OddSizesHalfVectors { }
[Conv2DKernel(10, 13, 16, 24, 3, UseBias = false)] public static partial class W02ValidNoBias { }
[Conv2DKernel(12, 12, 32, 16, 3, Padding = Padding.Same, Winograd = false)] public static partial class W03OptedOut { }
[Conv2DKernel(3, 3, 16, 16, 3, Padding = Padding.Same)] public static partial class W04TooSmallToWin { }

/// <summary>A Winograd convolution, then a block whose Winograd 3x3 branch writes its slice of the concatenation.</summary>
[ConvNet]
[Input(6, 6, 16)]
[Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(8, 1, Activation = Activation.Relu)]
[Branch, Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Concatenate]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class WinogradBlock { }
