using System;

namespace ConvGen.Onnx;

/// <summary>
/// An ONNX model ConvGen cannot import, with what was wrong: the file (not protobuf, truncated), the model (opset,
/// inputs, a dynamic height), or one node — then <see cref="Node"/> and <see cref="OpType"/> name it and the message
/// says which attribute, input or value is unsupported. The importer throws it before writing anything.
/// </summary>
public sealed class OnnxImportException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> (the file), optionally one node of it.</summary>
    public OnnxImportException(string source, string problem, string? node = null, string? opType = null, Exception? inner = null)
        : base(Format(source, problem, node, opType), inner)
    {
        Model = source;
        Problem = problem;
        Node = node;
        OpType = opType;
    }

    /// <summary>The model file (or the name given to the bytes).</summary>
    public string Model { get; }

    /// <summary>What is wrong or unsupported, without the file and node.</summary>
    public string Problem { get; }

    /// <summary>The node's name (or its first output's, when unnamed), when one node is at fault.</summary>
    public string? Node { get; }

    /// <summary>The node's operator, when one node is at fault.</summary>
    public string? OpType { get; }

    private static string Format(string source, string problem, string? node, string? opType) => node is null
        ? $"Cannot import ONNX model '{source}': {problem}."
        : $"Cannot import ONNX model '{source}': node '{node}' ({opType}): {problem}.";
}
