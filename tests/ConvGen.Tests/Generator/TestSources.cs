namespace ConvGen.Tests.Generator;

/// <summary>Declarations the generator tests compile: the seed model and the seed's Inception and bottleneck blocks.</summary>
internal static class TestSources
{
    public const string SeedModel = """
        using ConvGen;

        namespace Samples;

        [ConvNet]
        [Input(28, 28, 1)]
        [Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [Conv2D(32, 1, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(128, Activation = Activation.Relu)]
        [Dropout(0.5)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class FashionCnn { }
        """;

    public const string InceptionBlock = """
        using ConvGen;

        namespace Samples;

        [ConvNet]
        [Input(28, 28, 192)]
        [Branch, Conv2D(64, 1, Activation = Activation.Relu)]
        [Branch, Conv2D(96, 1, Activation = Activation.Relu), Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Conv2D(32, 1, Activation = Activation.Relu)]
        [Concatenate]
        public partial class InceptionBlock { }
        """;

    public const string Bottleneck = """
        using ConvGen;

        namespace Samples;

        [ConvNet]
        [Input(14, 14, 64)]
        [Branch, Conv2D(16, 1, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(16, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(64, 1, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        public static partial class Bottleneck { }
        """;

    /// <summary>
    /// A ResNet-18-class network declared with today's layers (issue 19's cost measure): 112×112×3 input, a 3×3/2 stem,
    /// four stages of two basic residual blocks with 64/128/256/512 filters, stride 2 and 1×1 projections between stages,
    /// batch normalisation and ReLU; 20 convolutions; global average pooling and a 10-way classifier.
    /// </summary>
    public const string ResNet18Class = """
        using ConvGen;

        namespace Samples;

        [ConvNet]
        [Input(112, 112, 3)]
        [Conv2D(64, 3, Strides = 2, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Branch, Conv2D(64, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(64, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(64, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(64, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(128, 3, Strides = 2, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(128, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch, Conv2D(128, 1, Strides = 2, UseBias = false), BatchNormalization]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(128, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(128, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(256, 3, Strides = 2, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(256, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch, Conv2D(256, 1, Strides = 2, UseBias = false), BatchNormalization]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(256, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(256, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(512, 3, Strides = 2, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(512, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch, Conv2D(512, 1, Strides = 2, UseBias = false), BatchNormalization]
        [Add(Activation = Activation.Relu)]
        [Branch, Conv2D(512, 3, Padding = Padding.Same, UseBias = false), BatchNormalization(Activation = Activation.Relu)]
        [Conv2D(512, 3, Padding = Padding.Same, UseBias = false), BatchNormalization]
        [Branch]
        [Add(Activation = Activation.Relu)]
        [GlobalAveragePooling2D]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class ResNet18Class { }
        """;
}
