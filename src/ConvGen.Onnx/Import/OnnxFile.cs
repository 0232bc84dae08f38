using System;
using System.IO;
using ConvGen.Onnx.Protobuf;
using Google.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>Reads a model's bytes as an ONNX <c>ModelProto</c>, telling a truncated file from one that is not protobuf.</summary>
internal static class OnnxFile
{
    public static ModelProto Parse(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw new OnnxImportException(source, "the file is empty");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex) when (ex.Message.Contains("ended unexpectedly", StringComparison.Ordinal) || ex.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase))
        {
            throw new OnnxImportException(source, $"the file is truncated: its protobuf ends inside a message ({bytes.Length:N0} bytes read)", inner: ex);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxImportException(source, $"the file is not an ONNX model (not valid protobuf: {ex.Message.TrimEnd('.')})", inner: ex);
        }

        if (model.Graph is null)
        {
            throw new OnnxImportException(source, "the file holds no ONNX graph (is it an ONNX model?)");
        }

        return model;
    }

    public static ModelProto Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException(path, $"the file cannot be read ({ex.Message.TrimEnd('.')})", inner: ex);
        }

        return Parse(bytes, path);
    }
}
