using ConvGen;

namespace ConvGen.Samples.MobileNet;

/// <summary>
/// A small MobileNet for Fashion-MNIST: a 3x3 stem, then depthwise-separable blocks (depthwise 3x3 + BN + ReLU6 →
/// pointwise 1x1 + BN + ReLU6), two of them down-sampling with stride 2; batch normalisation is folded into the
/// convolutions at inference.
/// </summary>
[ConvNet]
[Input(28, 28, 1)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[Conv2D(64, 1, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Padding = Padding.Same, Strides = 2, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[Conv2D(128, 1, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[Conv2D(128, 1, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Padding = Padding.Same, Strides = 2, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[Conv2D(256, 1, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[MaxPool2D(2)]
[Flatten]
[Dropout(0.3)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MobileNetFashion
{
}
