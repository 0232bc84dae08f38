using System.ComponentModel;

namespace ConvGen.__Internals;

/// <summary>
/// A layer as the generator declares it to the runtime. Generated network classes pass a list of these (with the
/// generated convolution kernels) to <see cref="Network"/>'s constructor.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract record LayerDefinition(string Name)
{
    /// <summary>The layers this one reads, by index (−1: the network's input); null means the previous layer.</summary>
    public System.Collections.Generic.IReadOnlyList<int>? Inputs { get; init; }

    /// <summary>Concatenation along the channels of the outputs of <paramref name="inputs"/>.</summary>
    public static LayerDefinition Concatenate(string name, int[] inputs) => new ConcatenateDefinition(name) { Inputs = inputs };

    /// <summary>The sum of the outputs of <paramref name="inputs"/>, then an activation (a residual connection).</summary>
    public static LayerDefinition Add(string name, int[] inputs, Activation activation) => new AddDefinition(name, activation) { Inputs = inputs };

    /// <summary>
    /// A convolution computed by a generated kernel, with the neighbours the generator fused into its kernels (layer
    /// indices; −1 is the network's input). The runtime reads these decisions and checks them against the graph.
    /// </summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="kernel">The kernel of training and unfolded inference.</param>
    /// <param name="foldedKernel">A forward-only kernel computing the convolution and the batch normalisation <paramref name="foldedNormalization"/> (bias and the normalisation's activation fused), for inference.</param>
    /// <param name="foldedNormalization">The batch normalisation (the next layer, which alone reads this one) that <paramref name="foldedKernel"/> computes too.</param>
    /// <param name="sliceOf">The concatenation (which alone reads this layer) whose channel slice <paramref name="kernel"/> writes in place.</param>
    /// <param name="residualAdd">The two-input Add (the next layer, which alone reads this one) that <paramref name="kernel"/> computes in its epilogue.</param>
    /// <param name="foldedResidualAdd">The two-input Add reading <paramref name="foldedNormalization"/> that <paramref name="foldedKernel"/> computes in its epilogue.</param>
    /// <param name="residualInput">The fused Add's other input: the residual.</param>
    /// <param name="pooling">The max pooling that alone reads this ReLU or ReLU6 convolution and applies its activation's derivative.</param>
    public static LayerDefinition Conv2D(
        string name, IConv2DKernel kernel, IConv2DKernel? foldedKernel = null, int? foldedNormalization = null, int? sliceOf = null,
        int? residualAdd = null, int? foldedResidualAdd = null, int? residualInput = null, int? pooling = null) =>
        new Conv2DDefinition(name, kernel, foldedKernel)
        {
            FoldedNormalization = foldedNormalization,
            SliceOf = sliceOf,
            ResidualAdd = residualAdd,
            FoldedResidualAdd = foldedResidualAdd,
            ResidualInput = residualInput,
            Pooling = pooling,
        };

    /// <summary>Max pooling.</summary>
    public static LayerDefinition MaxPool2D(string name, int poolSize, int strides, Padding padding = Padding.Valid) => new MaxPool2DDefinition(name, poolSize, strides, padding);

    /// <summary>Max pooling with explicit pads per side (ONNX's <c>pads</c>: begin top, left; end bottom, right).</summary>
    public static LayerDefinition MaxPool2D(string name, int poolSize, int strides, int padTop, int padLeft, int padBottom, int padRight) =>
        new MaxPool2DDefinition(name, poolSize, strides, Padding.Valid) { Pads = new WindowPads(padTop, padLeft, padBottom, padRight) };

    /// <summary>Average pooling with Keras's padding; padded cells never count (Keras's rule).</summary>
    public static LayerDefinition AveragePooling2D(string name, int poolSize, int strides, Padding padding) =>
        new AveragePooling2DDefinition(name, poolSize, strides, padding, null, CountIncludePad: false);

    /// <summary>Average pooling with explicit pads; <paramref name="countIncludePad"/> is ONNX's <c>count_include_pad</c>.</summary>
    public static LayerDefinition AveragePooling2D(string name, int poolSize, int strides, int padTop, int padLeft, int padBottom, int padRight, bool countIncludePad) =>
        new AveragePooling2DDefinition(name, poolSize, strides, Padding.Valid, new WindowPads(padTop, padLeft, padBottom, padRight), countIncludePad);

    /// <summary>Global average pooling: H×W×C → C features.</summary>
    public static LayerDefinition GlobalAveragePooling2D(string name) => new GlobalPooling2DDefinition(name, Max: false);

    /// <summary>Global max pooling: H×W×C → C features.</summary>
    public static LayerDefinition GlobalMaxPooling2D(string name) => new GlobalPooling2DDefinition(name, Max: true);

    /// <summary>Flattening (a view in NHWC).</summary>
    public static LayerDefinition Flatten(string name) => new FlattenDefinition(name);

    /// <summary>A dense layer.</summary>
    public static LayerDefinition Dense(string name, int units, Activation activation, bool useBias) => new DenseDefinition(name, units, activation, useBias);

    /// <summary>Batch normalisation over the last axis, then an optional activation.</summary>
    public static LayerDefinition BatchNormalization(string name, double momentum, double epsilon, Activation activation) => new BatchNormalizationDefinition(name, momentum, epsilon, activation);

    /// <summary>Inverted dropout.</summary>
    public static LayerDefinition Dropout(string name, double rate) => new DropoutDefinition(name, rate);

    /// <summary>
    /// A convolution of an inference-only network whose batch normalisation is folded into <paramref name="foldedKernel"/>:
    /// no kernel was generated for the convolution alone, which the generic kernel computes when asked to
    /// (<c>FoldBatchNormalization = false</c>, or the layer's own output).
    /// </summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="shape">The convolution alone.</param>
    /// <param name="foldedKernel">The convolution and the normalisation <paramref name="foldedNormalization"/> in one forward-only kernel.</param>
    /// <param name="foldedNormalization">The batch normalisation (the next layer, which alone reads this one).</param>
    /// <param name="foldedResidualAdd">The two-input Add reading the normalisation, computed in <paramref name="foldedKernel"/>'s epilogue.</param>
    /// <param name="residualInput">The fused Add's other input: the residual.</param>
    public static LayerDefinition Conv2D(string name, Conv2DShape shape, IConv2DKernel foldedKernel, int foldedNormalization, int? foldedResidualAdd = null, int? residualInput = null) =>
        Conv2D(name, new GenericConv2DKernel(shape), foldedKernel, foldedNormalization, foldedResidualAdd: foldedResidualAdd, residualInput: residualInput);

    internal sealed record Conv2DDefinition(string Name, IConv2DKernel Kernel, IConv2DKernel? FoldedKernel) : LayerDefinition(Name)
    {
        public int? FoldedNormalization { get; init; }

        public int? SliceOf { get; init; }

        public int? ResidualAdd { get; init; }

        public int? FoldedResidualAdd { get; init; }

        public int? ResidualInput { get; init; }

        public int? Pooling { get; init; }
    }

    internal sealed record MaxPool2DDefinition(string Name, int PoolSize, int Strides, Padding Padding) : LayerDefinition(Name)
    {
        /// <summary>Explicit pads, which replace <see cref="Padding"/> when given.</summary>
        public WindowPads? Pads { get; init; }
    }

    internal sealed record FlattenDefinition(string Name) : LayerDefinition(Name);

    internal sealed record AveragePooling2DDefinition(string Name, int PoolSize, int Strides, Padding Padding, WindowPads? Pads, bool CountIncludePad) : LayerDefinition(Name);

    internal sealed record GlobalPooling2DDefinition(string Name, bool Max) : LayerDefinition(Name);

    /// <summary>Explicit pads of a window, per side.</summary>
    internal readonly record struct WindowPads(int Top, int Left, int Bottom, int Right);

    internal sealed record DenseDefinition(string Name, int Units, Activation Activation, bool UseBias) : LayerDefinition(Name);

    internal sealed record DropoutDefinition(string Name, double Rate) : LayerDefinition(Name);

    internal sealed record ConcatenateDefinition(string Name) : LayerDefinition(Name);

    internal sealed record AddDefinition(string Name, Activation Activation) : LayerDefinition(Name);

    internal sealed record BatchNormalizationDefinition(string Name, double Momentum, double Epsilon, Activation Activation) : LayerDefinition(Name);
}
