using ConvGen;

namespace ConvGen.Tests.Declarations;

/// <summary>
/// Average and global pooling declared with attributes: ONNX-style explicit pads (the stem's 3x3/2 max pooling with
/// begin 1,1 / end 0,0), average pooling counting padded cells and Keras's, and a global-average-pooling head.
/// </summary>
[ConvNet]
[Input(10, 10, 3)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[MaxPool2D(3, Strides = 2, Pads = new[] { 1, 1, 0, 0 })]
[Conv2D(12, 1, Activation = Activation.Relu)]
[AveragePooling2D(3, Strides = 1, Padding = Padding.Same)]
[Conv2D(16, 3, Padding = Padding.Same)]
[AveragePooling2D(3, Strides = 2, Pads = new[] { 1, 1, 1, 1 }, CountIncludePad = true)]
[GlobalAveragePooling2D]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyPoolingNet { }

/// <summary>A global-max-pooling head after a 'same' average pooling that counts its padding.</summary>
[ConvNet]
[Input(7, 7, 2)]
[Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
[AveragePooling2D(2, Strides = 1, Padding = Padding.Same, CountIncludePad = true)]
[GlobalMaxPooling2D]
[Dense(3, Activation = Activation.Softmax)]
public partial class TinyGlobalMaxNet { }
