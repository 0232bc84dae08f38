using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx;

/// <summary>
/// One layer of ConvGen's vocabulary — what a <c>[ConvNet]</c> declaration says with one attribute — independent of
/// where it came from: the importer builds these from ONNX nodes, the declaration emitter prints them, and an exporter
/// can write them back as ONNX nodes. Each knows its output shape and its parameters' names and shapes (ConvGen's
/// layouts: HWIO kernels, [inputs, units] dense kernels).
/// </summary>
/// <param name="Name">Layer name (ConvGen's <c>Name = "…"</c>; parameter names start with it).</param>
public abstract record LayerSpec(string Name)
{
    /// <summary>The output shape for <paramref name="inputs"/>, or a description of why the layer cannot take them.</summary>
    public abstract (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs);

    /// <summary>The parameters' roles and shapes, in the order the runtime holds them (e.g. <c>kernel</c>, <c>bias</c>).</summary>
    public virtual IReadOnlyList<(string Role, int[] Shape)> Parameters(IReadOnlyList<LayerShape> inputs) => Array.Empty<(string, int[])>();

    /// <summary>The ConvGen layer type (the attribute's name without <c>Attribute</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Shape of a one-input spatial layer's only input, or the problem.</summary>
    private protected static string? NeedsSpatial(IReadOnlyList<LayerShape> inputs, string what) =>
        inputs.Count != 1 ? $"{what} takes one input, not {inputs.Count}" : inputs[0].IsFlat ? $"{what} needs an H x W x C input, not the flat {inputs[0]}" : null;

    /// <summary>The window's output shape over <paramref name="input"/>, or the problem.</summary>
    private protected static (LayerShape, string?) Window(LayerShape input, int kernel, int stride, Pads pads, int channels, string what)
    {
        int h = Onnx.Pads.OutputSize(input.Height, pads.Top, pads.Bottom, kernel, stride);
        int w = Onnx.Pads.OutputSize(input.Width, pads.Left, pads.Right, kernel, stride);
        if (h < 1 || w < 1)
        {
            return (default, $"{what} {kernel}x{kernel} stride {stride} pads {pads} leaves nothing of a {input.Height}x{input.Width} input");
        }

        return (LayerShape.Spatial(h, w, channels), null);
    }
}

/// <summary>A convolution (<c>[Conv2D]</c>): square kernel, the same stride both ways, per-side pads, fused activation.</summary>
public sealed record Conv2DSpec(string Name, int Filters, int KernelSize, int Strides, Pads Pads, Activation Activation, bool UseBias) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Conv2D";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : Window(inputs[0], KernelSize, Strides, Pads, Filters, Kind);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Role, int[] Shape)> Parameters(IReadOnlyList<LayerShape> inputs) => UseBias
        ? new[] { ("kernel", new[] { KernelSize, KernelSize, inputs[0].Channels, Filters }), ("bias", new[] { Filters }) }
        : new[] { ("kernel", new[] { KernelSize, KernelSize, inputs[0].Channels, Filters }) };
}

/// <summary>A depthwise convolution, multiplier 1 (<c>[DepthwiseConv2D]</c>).</summary>
public sealed record DepthwiseConv2DSpec(string Name, int KernelSize, int Strides, Pads Pads, Activation Activation, bool UseBias) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "DepthwiseConv2D";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : Window(inputs[0], KernelSize, Strides, Pads, inputs[0].Channels, Kind);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Role, int[] Shape)> Parameters(IReadOnlyList<LayerShape> inputs) => UseBias
        ? new[] { ("depthwise_kernel", new[] { KernelSize, KernelSize, inputs[0].Channels, 1 }), ("bias", new[] { inputs[0].Channels }) }
        : new[] { ("depthwise_kernel", new[] { KernelSize, KernelSize, inputs[0].Channels, 1 }) };
}

/// <summary>Batch normalisation per channel with moving statistics (<c>[BatchNormalization]</c>), an activation after it.</summary>
public sealed record BatchNormalizationSpec(string Name, double Epsilon, double Momentum, Activation Activation) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "BatchNormalization";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        inputs.Count == 1 ? (inputs[0], null) : (default, $"{Kind} takes one input, not {inputs.Count}");

    /// <inheritdoc/>
    public override IReadOnlyList<(string Role, int[] Shape)> Parameters(IReadOnlyList<LayerShape> inputs)
    {
        int c = inputs[0].Channels;
        return new[] { ("gamma", new[] { c }), ("beta", new[] { c }), ("moving_mean", new[] { c }), ("moving_variance", new[] { c }) };
    }
}

/// <summary>Max pooling (<c>[MaxPool2D]</c>); padded cells never win.</summary>
public sealed record MaxPool2DSpec(string Name, int PoolSize, int Strides, Pads Pads) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "MaxPool2D";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : Window(inputs[0], PoolSize, Strides, Pads, inputs[0].Channels, Kind);
}

/// <summary>Average pooling (<c>[AveragePooling2D]</c>, issue 22); <paramref name="CountIncludePad"/>: padded cells count in the divisor (ONNX's <c>count_include_pad</c>; Keras excludes them).</summary>
public sealed record AveragePooling2DSpec(string Name, int PoolSize, int Strides, Pads Pads, bool CountIncludePad) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "AveragePooling2D";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : Window(inputs[0], PoolSize, Strides, Pads, inputs[0].Channels, Kind);
}

/// <summary>Global average or max pooling (<c>[GlobalAveragePooling2D]</c>/<c>[GlobalMaxPooling2D]</c>, issue 22): H × W × C → C, as Keras.</summary>
public sealed record GlobalPooling2DSpec(string Name, bool Max) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => Max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : (LayerShape.Flat(inputs[0].Channels), null);
}

/// <summary>H × W × C → H·W·C features in NHWC order (<c>[Flatten]</c>).</summary>
public sealed record FlattenSpec(string Name) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Flatten";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        NeedsSpatial(inputs, Kind) is string problem ? (default, problem) : (LayerShape.Flat(checked((int)inputs[0].Length)), null);
}

/// <summary>A fully connected layer (<c>[Dense]</c>) on flat features, with its activation (Softmax included).</summary>
public sealed record DenseSpec(string Name, int Units, Activation Activation, bool UseBias) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Dense";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        inputs.Count != 1 ? (default, $"{Kind} takes one input, not {inputs.Count}")
        : !inputs[0].IsFlat ? (default, $"{Kind} needs flat features, not {inputs[0]} (Flatten first)")
        : (LayerShape.Flat(Units), null);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Role, int[] Shape)> Parameters(IReadOnlyList<LayerShape> inputs) => UseBias
        ? new[] { ("kernel", new[] { inputs[0].Channels, Units }), ("bias", new[] { Units }) }
        : new[] { ("kernel", new[] { inputs[0].Channels, Units }) };
}

/// <summary>Inverted dropout, active only while training (<c>[Dropout]</c>); an imported model drops it (ONNX Dropout is the identity at inference).</summary>
public sealed record DropoutSpec(string Name, double Rate) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Dropout";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        inputs.Count == 1 ? (inputs[0], null) : (default, $"{Kind} takes one input, not {inputs.Count}");
}

/// <summary>The sum of a block's branches, then an activation (<c>[Add]</c>): a residual connection.</summary>
public sealed record AddSpec(string Name, Activation Activation) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Add";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs) =>
        inputs.Count < 2 ? (default, $"{Kind} needs two or more inputs")
        : inputs.Any(s => s != inputs[0]) ? (default, $"{Kind} needs equal shapes, not {string.Join(" and ", inputs)}")
        : (inputs[0], null);
}

/// <summary>A block's branches concatenated along the channels (<c>[Concatenate]</c>).</summary>
public sealed record ConcatenateSpec(string Name) : LayerSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "Concatenate";

    /// <inheritdoc/>
    public override (LayerShape Shape, string? Problem) OutputShape(IReadOnlyList<LayerShape> inputs)
    {
        if (inputs.Count < 2)
        {
            return (default, $"{Kind} needs two or more inputs");
        }

        if (inputs.Any(s => s.IsFlat || s.Height != inputs[0].Height || s.Width != inputs[0].Width))
        {
            return (default, $"{Kind} joins images of one height and width along the channels, not {string.Join(" and ", inputs)}");
        }

        return (LayerShape.Spatial(inputs[0].Height, inputs[0].Width, inputs.Sum(s => s.Channels)), null);
    }
}
