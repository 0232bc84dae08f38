using System.Collections.Generic;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>What an ONNX value name stands for while a graph is converted.</summary>
internal abstract class Value
{
}

/// <summary>A constant: an initializer or a Constant node's tensor.</summary>
internal sealed class ConstantValue(TensorProto tensor) : Value
{
    public TensorProto Tensor { get; } = tensor;
}

/// <summary>
/// A tensor computed at run time: the output of layer <see cref="Layer"/> (−1: the network's input). ONNX's view
/// of it (<see cref="Dims"/>, per image: C, H, W or features) can differ from ConvGen's (<see cref="Shape"/>):
/// global pooling gives ONNX C × 1 × 1 and ConvGen flat C; a pending Pad widens ONNX's H and W while ConvGen's
/// shape waits for the convolution or pooling that takes the pads.
/// </summary>
internal sealed class TensorValue : Value
{
    public required int Layer { get; init; }

    public required LayerShape Shape { get; init; }

    public required IReadOnlyList<long> Dims { get; init; }

    /// <summary>The name this value is known by once Identity and Dropout are seen through (readers are counted per root).</summary>
    public required string Root { get; init; }

    /// <summary>Set on features flattened from an NCHW image: ONNX ordered them C·H·W, ConvGen orders them H·W·C.</summary>
    public (int C, int H, int W)? FlattenedFrom { get; init; }

    /// <summary>Zeros a Pad node put around the image, for the next Conv or AveragePool to take as its pads.</summary>
    public Pads PendingPads { get; init; }

    public string? PaddedBy { get; init; }
}
