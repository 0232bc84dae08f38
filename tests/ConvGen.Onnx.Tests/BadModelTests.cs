using System.IO;
using ConvGen.Cli;
using ConvGen.Onnx.Tests.Support;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>Each bad file of scripts/onnx-models/bad gives one clear error (naming the node and operator where one is at fault) and the CLI writes nothing.</summary>
public sealed class BadModelTests
{
    public static TheoryData<string, string?, string?, string> Cases() => new()
    {
        { "truncated", null, null, "the file is truncated" },
        { "not_protobuf", null, null, "not an ONNX model (not valid protobuf" },
        { "unsupported_op", "leaky", "LeakyRelu", "operator LeakyRelu is not supported" },
        { "dynamic_height", null, null, "the input 'input' has a dynamic height ('H')" },
        { "dynamic_width", null, null, "the input 'input' has a dynamic width ('W')" },
        { "dynamic_channels", null, null, "the input 'input' has a dynamic channel count ('C')" },
        { "initializer_data_mismatch", "conv", "Conv", "tensor 'conv.w' of shape [4, 3, 3, 3] needs 432 bytes of float32 data but holds 396 (inconsistent initializer)" },
        { "initializer_shape_mismatch", "conv", "Conv", "its weight 'conv.w' of shape [4, 4, 3, 3] expects 4 input channels but the input has 3 (inconsistent initializer shapes)" },
        { "opset6", null, null, "its opset is 6; ConvGen imports opsets 7 to 21" },
        { "opset22", null, null, "its opset is 22; ConvGen imports opsets 7 to 21" },
        { "dilated_conv", "dilated", "Conv", "its dilations are [2, 2]" },
        { "grouped_conv", "grouped", "Conv", "group = 2 makes it a grouped convolution" },
        { "clip_0_1", "clip", "Clip", "it clips to [0, 1]" },
        { "nested_blocks", null, null, "the branches from 'stem' (Conv2D) end in different merges, 'inner_add' (Add) and 'outer_add' (Add) (blocks do not nest)" },
        { "value_info_mismatch", "conv", "Conv", "declares its output 'conv_out' as N x 4 x 7 x 7, but its shape is N x 4 x 8 x 8" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ImportThrowsOneClearError(string file, string? node, string? op, string problem)
    {
        string path = ModelFiles.Bad(file);
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path));
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"Cannot import ONNX model '{path}': ", error.Message);
        Assert.Equal(node, error.Node);
        Assert.Equal(op, error.OpType);
        if (node is not null)
        {
            Assert.Contains($"node '{node}' ({op})", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CliWritesNothing(string file, string? node, string? op, string problem)
    {
        _ = (node, op);
        using var folder = new TempFolder();
        string outDir = Path.Combine(folder.Path, "out");
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CommandLine.Run(new[] { "import", ModelFiles.Bad(file), "--out", outDir, "--class", "Model" }, output, error);
        Assert.Equal(CommandLine.Failed, exit);
        Assert.Contains(problem, error.ToString());
        Assert.Equal(string.Empty, output.ToString());
        Assert.False(Directory.Exists(outDir), "the output folder was created");
    }

    [Fact]
    public void AnExistingImportIsLeftWholeWhenTheNextOneFails()
    {
        using var folder = new TempFolder();
        string[] args = { "import", ModelFiles.Model("plain_cnn_op17"), "--out", folder.Path, "--class", "Model" };
        Assert.Equal(CommandLine.Ok, CommandLine.Run(args, TextWriter.Null, TextWriter.Null));
        string source = File.ReadAllText(Path.Combine(folder.Path, "Model.cs"));
        byte[] weights = File.ReadAllBytes(Path.Combine(folder.Path, "Model.cgw"));

        args[1] = ModelFiles.Bad("unsupported_op");
        Assert.Equal(CommandLine.Failed, CommandLine.Run(args, TextWriter.Null, TextWriter.Null));
        Assert.Equal(source, File.ReadAllText(Path.Combine(folder.Path, "Model.cs")));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(folder.Path, "Model.cgw")));
        Assert.Equal(2, folder.Files().Length);
    }
}
