namespace ConvGen;

/// <summary>
/// What a layer of a <see cref="NetworkDescription"/> is: one value per layer attribute of a <c>[ConvNet]</c>
/// declaration, named as the attribute is (without <c>Attribute</c>). New layer kinds get new values; a tool that
/// reads descriptions should reject a value it does not know, naming the layer.
/// </summary>
public enum LayerKind
{
    /// <summary><c>[Conv2D]</c>: a convolution.</summary>
    Conv2D = 0,

    /// <summary><c>[DepthwiseConv2D]</c>: a depthwise convolution, one filter per channel.</summary>
    DepthwiseConv2D = 1,

    /// <summary><c>[MaxPool2D]</c>: max pooling.</summary>
    MaxPool2D = 2,

    /// <summary><c>[BatchNormalization]</c>: per-channel normalisation with moving statistics.</summary>
    BatchNormalization = 3,

    /// <summary><c>[Flatten]</c>: H × W × C to H·W·C features, in NHWC order.</summary>
    Flatten = 4,

    /// <summary><c>[Dense]</c>: a fully connected layer.</summary>
    Dense = 5,

    /// <summary><c>[Dropout]</c>: inverted dropout while training, the identity at inference.</summary>
    Dropout = 6,

    /// <summary><c>[Add]</c>: the sum of a block's branches.</summary>
    Add = 7,

    /// <summary><c>[Concatenate]</c>: a block's branches joined along the channels.</summary>
    Concatenate = 8,

    /// <summary><c>[AveragePooling2D]</c>: the mean of each window (<see cref="LayerDescription.CountIncludePad"/> says how padded cells count).</summary>
    AveragePooling2D = 9,

    /// <summary><c>[GlobalAveragePooling2D]</c>: H × W × C to the C channel means.</summary>
    GlobalAveragePooling2D = 10,

    /// <summary><c>[GlobalMaxPooling2D]</c>: H × W × C to the C channel maxima.</summary>
    GlobalMaxPooling2D = 11,
}
