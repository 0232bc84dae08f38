using System;

namespace ConvGen.Onnx;

/// <summary>
/// A network ConvGen.Onnx cannot write as ONNX, with the reason: a layer it does not know (a ConvGen newer than this
/// ConvGen.Onnx), a parameter that is NaN or infinite, or a graph its layers do not describe consistently. When one
/// layer is at fault, <see cref="Layer"/> and <see cref="Kind"/> name it. Nothing is written when it is thrown.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception for network <paramref name="network"/>, optionally one layer of it.</summary>
    public OnnxExportException(string network, string problem, string? layer = null, string? kind = null, Exception? inner = null)
        : base(Format(network, problem, layer, kind), inner)
    {
        Network = network;
        Problem = problem;
        Layer = layer;
        Kind = kind;
    }

    /// <summary>The network's name.</summary>
    public string Network { get; }

    /// <summary>What cannot be exported, without the network and layer.</summary>
    public string Problem { get; }

    /// <summary>The layer at fault, when one is.</summary>
    public string? Layer { get; }

    /// <summary>That layer's kind (e.g. <c>Conv2D</c>), when one is at fault.</summary>
    public string? Kind { get; }

    private static string Format(string network, string problem, string? layer, string? kind) => layer is null
        ? $"Cannot export network '{network}' to ONNX: {problem}."
        : $"Cannot export network '{network}' to ONNX: layer '{layer}' ({kind}): {problem}.";
}
