using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// One layer of a <see cref="NetworkDescription"/>: what it is, what it reads, its output shape, its settings as the
/// declaration gave them, and its parameters. Settings a kind does not have are 0, <see cref="Activation.None"/>,
/// <see cref="Padding.Valid"/>, false or empty (e.g. <see cref="Units"/> of a convolution).
/// </summary>
public sealed class LayerDescription
{
    private static readonly IReadOnlyList<int> NoPads = Array.AsReadOnly(Array.Empty<int>());

    private LayerDescription(Layer layer, LayerKind kind, IReadOnlyList<int> inputs, IReadOnlyList<int> outputShape)
    {
        Name = layer.Name;
        Kind = kind;
        Inputs = inputs;
        OutputShape = outputShape;
        Parameters = Array.AsReadOnly(new List<Parameter>(layer.Parameters).ToArray());
    }

    /// <summary>The layer's name (the declaration's <c>Name</c>, or Keras's default such as <c>conv2d_1</c>).</summary>
    public string Name { get; }

    /// <summary>What the layer is.</summary>
    public LayerKind Kind { get; }

    /// <summary>The layers whose outputs it reads, by index in <see cref="NetworkDescription.Layers"/>, in order; −1 is the network's input.</summary>
    public IReadOnlyList<int> Inputs { get; }

    /// <summary>Its output for one image: <c>[height, width, channels]</c>, or <c>[features]</c> when flat.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The activation applied to its output (Conv2D, DepthwiseConv2D, BatchNormalization, Dense, Add).</summary>
    public Activation Activation { get; private init; }

    /// <summary>Output channels of a Conv2D (of a DepthwiseConv2D: its channels, one filter each).</summary>
    public int Filters { get; private init; }

    /// <summary>Output features of a Dense layer.</summary>
    public int Units { get; private init; }

    /// <summary>The square kernel's size of a Conv2D or DepthwiseConv2D.</summary>
    public int KernelSize { get; private init; }

    /// <summary>The square window's size of a pooling layer.</summary>
    public int PoolSize { get; private init; }

    /// <summary>The window's step, both ways (convolutions and pooling).</summary>
    public int Strides { get; private init; }

    /// <summary>The declared padding (convolutions and pooling).</summary>
    public Padding Padding { get; private init; }

    /// <summary>
    /// The cells a convolution or pooling window adds around its input, <c>[top, left, bottom, right]</c>: zeros for a
    /// convolution, cells that never win for max pooling. 'valid' adds none; Keras's 'same' puts the smaller half
    /// before (e.g. <c>[0, 0, 1, 1]</c> for a 3×3 stride-2 window on 28 × 28). Empty for other kinds.
    /// </summary>
    public IReadOnlyList<int> Pads { get; private init; } = NoPads;

    /// <summary>Whether a Conv2D, DepthwiseConv2D or Dense layer adds a bias.</summary>
    public bool UseBias { get; private init; }

    /// <summary>Batch normalisation's momentum of the moving statistics (m ← momentum·m + (1 − momentum)·batch).</summary>
    public double Momentum { get; private init; }

    /// <summary>Batch normalisation's ε: y = γ·(x − mean)/√(variance + ε) + β.</summary>
    public double Epsilon { get; private init; }

    /// <summary>Dropout's rate: the fraction of values dropped while training.</summary>
    public double Rate { get; private init; }

    /// <summary>
    /// Average pooling: true when padded cells count in a window's divisor (ONNX's <c>count_include_pad = 1</c>), false
    /// when only the image's cells do (Keras's rule).
    /// </summary>
    public bool CountIncludePad { get; private init; }

    /// <summary>
    /// The layer's parameters, in the order <see cref="Network.Parameters"/> holds them (the same objects), in
    /// ConvGen's layouts: a Conv2D's <c>kernel</c> HWIO <c>[kh, kw, in, out]</c>, a DepthwiseConv2D's
    /// <c>depthwise_kernel</c> <c>[kh, kw, channels, 1]</c>, a Dense <c>kernel</c> <c>[inputs, units]</c> (inputs
    /// after a Flatten in H·W·C order), <c>bias</c>; BatchNormalization's <c>gamma</c>, <c>beta</c>,
    /// <c>moving_mean</c>, <c>moving_variance</c>. Their values are live: read them while nothing trains, or take
    /// a consistent copy with <see cref="Network.CopyWeights"/>.
    /// </summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}) -> ({string.Join(", ", OutputShape)})";

    /// <summary>Describes <paramref name="layer"/>, which reads <paramref name="inputs"/> (the first of shape <paramref name="input"/>).</summary>
    internal static LayerDescription Of(Layer layer, int[] inputs, LayerShape input, LayerShape output)
    {
        IReadOnlyList<int> reads = Array.AsReadOnly((int[])inputs.Clone());
        IReadOnlyList<int> shape = Array.AsReadOnly(output.IsFlat ? new[] { output.Features } : new[] { output.Height, output.Width, output.Channels });
        switch (layer)
        {
            case Conv2DLayer conv:
                Conv2DShape s = conv.Shape;
                return new LayerDescription(layer, s.Depthwise ? LayerKind.DepthwiseConv2D : LayerKind.Conv2D, reads, shape)
                {
                    Filters = s.Filters,
                    KernelSize = s.KernelSize,
                    Strides = s.Stride,
                    Padding = s.Padding,
                    Pads = WindowPads(input, output, s.KernelSize, s.Stride, s.PadTop, s.PadLeft),
                    Activation = s.Activation,
                    UseBias = s.UseBias,
                };
            case MaxPool2DLayer pool:
                return new LayerDescription(layer, LayerKind.MaxPool2D, reads, shape)
                {
                    PoolSize = pool.PoolSize,
                    Strides = pool.Stride,
                    Padding = pool.Padding,
                    Pads = WindowPads(input, output, pool.PoolSize, pool.Stride, pool.Geometry.PadTop, pool.Geometry.PadLeft),
                };
            case AveragePooling2DLayer average:
                return new LayerDescription(layer, LayerKind.AveragePooling2D, reads, shape)
                {
                    PoolSize = average.Geometry.Pool,
                    Strides = average.Geometry.Stride,
                    Pads = Array.AsReadOnly(new[] { average.Geometry.PadTop, average.Geometry.PadLeft, average.Geometry.PadBottom, average.Geometry.PadRight }),
                    CountIncludePad = average.IncludePadding,
                };
            case GlobalPooling2DLayer global:
                return new LayerDescription(layer, global.Max ? LayerKind.GlobalMaxPooling2D : LayerKind.GlobalAveragePooling2D, reads, shape);
            case BatchNormLayer bn:
                return new LayerDescription(layer, LayerKind.BatchNormalization, reads, shape) { Momentum = bn.Momentum, Epsilon = bn.Epsilon, Activation = bn.Activation };
            case FlattenLayer:
                return new LayerDescription(layer, LayerKind.Flatten, reads, shape);
            case DenseLayer dense:
                return new LayerDescription(layer, LayerKind.Dense, reads, shape) { Units = dense.OutputLength, Activation = dense.Activation, UseBias = dense.UseBias };
            case DropoutLayer dropout:
                return new LayerDescription(layer, LayerKind.Dropout, reads, shape) { Rate = dropout.Rate };
            case AddLayer add:
                return new LayerDescription(layer, LayerKind.Add, reads, shape) { Activation = add.Activation };
            case ConcatenateLayer:
                return new LayerDescription(layer, LayerKind.Concatenate, reads, shape);
            default:
                throw new InvalidOperationException($"Layer '{layer.Name}' ({layer.GetType().Name}) has no description.");
        }
    }

    // Pads before as the kernels apply them; after, what the window reaches past the input's end for this output size.
    private static IReadOnlyList<int> WindowPads(LayerShape input, LayerShape output, int window, int stride, int top, int left) =>
        Array.AsReadOnly(new[]
        {
            top,
            left,
            Math.Max((output.Height - 1) * stride + window - input.Height - top, 0),
            Math.Max((output.Width - 1) * stride + window - input.Width - left, 0),
        });
}
