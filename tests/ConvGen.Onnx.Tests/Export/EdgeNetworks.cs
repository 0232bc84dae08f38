using ConvGen;

namespace ConvGen.Onnx.Tests.Export;

/// <summary>
/// What the samples do not show: asymmetric 'same' pads of a stride-2 convolution (6 → 3: pads 0/1) and of a
/// pooling (3 → 2: 0/1), a depthwise convolution with a bias, batch normalisation of flattened features, and a
/// network that ends in features flattened from an image (H·W·C order, which the exporter keeps with a Transpose).
/// </summary>
[ConvNet]
[Input(6, 6, 2)]
[Conv2D(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu6)]
[MaxPool2D(2, Padding = Padding.Same)]
[DepthwiseConv2D(3, Padding = Padding.Same, Activation = Activation.Relu)]
[Conv2D(5, 1, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu6)]
[Flatten]
[BatchNormalization(Epsilon = 0.01, Momentum = 0.9)]
[Dropout(0.2)]
public partial class FlatEnding
{
}

/// <summary>
/// A 'valid' stride-2 convolution that leaves the last row and column unread (6 → 2), a Flatten whose features a
/// Dense layer reads through a Dropout (its rows reordered for ONNX's C·H·W flattening), a Dense layer without bias
/// and with ReLU6, batch normalisation of a Dense output, and a block of Dense branches added.
/// </summary>
[ConvNet]
[Input(6, 6, 3)]
[Conv2D(6, 3, Strides = 2)]
[Flatten]
[Dropout(0.1)]
[Dense(7, UseBias = false, Activation = Activation.Relu6)]
[BatchNormalization(Activation = Activation.Relu)]
[Branch, Dense(4, Activation = Activation.Relu)]
[Branch, Dense(4)]
[Add(Activation = Activation.Relu6)]
[Dense(3, Activation = Activation.Softmax)]
public partial class DenseHead
{
}
