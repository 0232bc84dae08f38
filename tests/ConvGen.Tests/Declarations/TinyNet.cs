using ConvGen;

namespace ConvGen.Tests.Declarations;

/// <summary>A small network with every layer kind, for fast gradient checks.</summary>
[ConvNet]
[Input(6, 6, 2)]
[Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(5, 1, Activation = Activation.Relu6)]
[MaxPool2D(3, Strides = 1, Padding = Padding.Same)]
[Conv2D(6, 3, Padding = Padding.Same, Strides = 2)]
[Flatten]
[Dense(7, Activation = Activation.Relu)]
[Dropout(0.3)]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyNet { }

/// <summary>A second network, to check that weights of one cannot be loaded into the other.</summary>
[ConvNet]
[Input(6, 6, 2)]
[Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class OtherNet { }

/// <summary>A depthwise-separable network (MobileNet's block), for whole-network gradient checks.</summary>
[ConvNet]
[Input(8, 8, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Padding = Padding.Same, Activation = Activation.Relu6)]
[Conv2D(16, 1, Activation = Activation.Relu6)]
[DepthwiseConv2D(3, Strides = 2, Padding = Padding.Same)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyMobileNet { }

/// <summary>Batch normalisation after a convolution and a depthwise convolution, for gradient and thread checks.</summary>
[ConvNet]
[Input(6, 6, 2)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu)]
[DepthwiseConv2D(3, Padding = Padding.Same)]
[BatchNormalization(Activation = Activation.Relu6, Momentum = 0.9)]
[Flatten]
[Dense(5, UseBias = false)]
[BatchNormalization]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyBatchNormNet { }

/// <summary>An Inception-style block (three branches concatenated), for gradient checks through Concatenate.</summary>
[ConvNet]
[Input(6, 6, 4)]
[Branch, Conv2D(3, 1, Activation = Activation.Relu)]
[Branch, Conv2D(2, 1, Activation = Activation.Relu), Conv2D(3, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(2, 1, Activation = Activation.Relu)]
[Concatenate]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyInception { }

/// <summary>Residual blocks: a bottleneck with an identity shortcut, then a stride-2 block with a 1x1 projection shortcut.</summary>
[ConvNet]
[Input(6, 6, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(4, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(8, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[Branch, Conv2D(12, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu), Conv2D(12, 3, Padding = Padding.Same)]
[Branch, Conv2D(12, 1, Strides = 2)]
[Add(Activation = Activation.Relu)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyResNet { }

/// <summary>TinyResNet declared for inference only: forward kernels, batch normalisation folded, no training.</summary>
[ConvNet(InferenceOnly = true)]
[Input(6, 6, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[Branch, Conv2D(4, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
[Conv2D(8, 1, UseBias = false), BatchNormalization]
[Branch]
[Add(Activation = Activation.Relu)]
[Branch, Conv2D(12, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Relu), Conv2D(12, 3, Padding = Padding.Same)]
[Branch, Conv2D(12, 1, Strides = 2)]
[Add(Activation = Activation.Relu)]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyResNetInference { }

/// <summary>TinyBatchNormNet declared for inference only (a depthwise convolution with its normalisation folded).</summary>
[ConvNet(InferenceOnly = true)]
[Input(6, 6, 2)]
[Conv2D(4, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Activation = Activation.Relu)]
[DepthwiseConv2D(3, Padding = Padding.Same)]
[BatchNormalization(Activation = Activation.Relu6, Momentum = 0.9)]
[Flatten]
[Dense(5, UseBias = false)]
[BatchNormalization]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyBatchNormNetInference { }

/// <summary>Layer names longer than the summary's columns.</summary>
[ConvNet]
[Input(6, 6, 2)]
[Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "a_convolution_whose_name_is_far_longer_than_the_column")]
[Flatten]
[Dense(3, Activation = Activation.Softmax)]
public partial class LongNamesNet { }
