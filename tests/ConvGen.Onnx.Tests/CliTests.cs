using System.IO;
using System.Linq;
using ConvGen.Cli;
using ConvGen.Onnx.Tests.Support;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>The <c>import</c> command end to end on a temporary folder.</summary>
public sealed class CliTests
{
    [Fact]
    public void ImportWritesTheDeclarationAndItsWeights()
    {
        using var folder = new TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CommandLine.Run(new[] { "import", ModelFiles.Model("plain_cnn_op17"), "--out", folder.Path, "--class", "PlainCnn", "--namespace", "ConvGen.Onnx.Tests.Imported" }, output, error);

        Assert.True(exit == CommandLine.Ok, error.ToString());
        Assert.Equal(new[] { "PlainCnn.cgw", "PlainCnn.cs" }, folder.Files().Select(Path.GetFileName).Order().ToArray());
        // The file is the compiled baseline (its comment names the model it came from).
        Assert.Equal(File.ReadAllText(Baseline.PathOf("Imported/PlainCnn.cs")), File.ReadAllText(Path.Combine(folder.Path, "PlainCnn.cs")));

        (string network, var tensors) = WeightFile.Read(Path.Combine(folder.Path, "PlainCnn.cgw"));
        Assert.Equal("PlainCnn", network);
        Assert.Equal(new[] { "conv1/kernel", "conv1/bias", "conv2/kernel", "conv2/bias", "fc1/kernel", "fc1/bias", "fc2/kernel", "fc2/bias" }, tensors.Select(t => t.Name));
        using var model = new Imported.PlainCnn();
        Assert.Equal(model.Parameters.Select(p => (p.Name, string.Join("x", p.Shape))), tensors.Select(t => (t.Name, string.Join("x", t.Shape))));

        string text = output.ToString();
        Assert.Contains("Imported plain_cnn_op17.onnx: opset 17", text);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Imported.PlainCnn.Layers.Count} layers, {Imported.PlainCnn.ParameterCount:N0} parameters"), text);
        Assert.Contains($"Wrote {Path.Combine(folder.Path, "PlainCnn.cs")} and {Path.Combine(folder.Path, "PlainCnn.cgw")}.", text);
        Assert.DoesNotContain("Note:", text);
    }

    [Fact]
    public void TheClassNameDefaultsToTheFileNameAndTheLayersAreListed()
    {
        using var folder = new TempFolder();
        var output = new StringWriter();
        Assert.Equal(CommandLine.Ok, CommandLine.Run(new[] { "import", ModelFiles.Model("pads_pools_op19"), "--out", folder.Path }, output, TextWriter.Null));
        string source = File.ReadAllText(Path.Combine(folder.Path, "PadsPoolsOp19.cs"));
        Assert.Contains("public partial class PadsPoolsOp19", source);
        Assert.DoesNotContain("namespace", source);
        Assert.DoesNotContain("Note:", output.ToString());
        Assert.Contains("gpool", output.ToString());
        Assert.Contains("[GlobalAveragePooling2D(Name = \"gpool\")]", source);
    }

    [Theory]
    [InlineData(new[] { "import" }, "no model given")]
    [InlineData(new[] { "import", "m.onnx" }, "no output folder given (--out DIR)")]
    [InlineData(new[] { "import", "m.onnx", "--out" }, "--out needs a value")]
    [InlineData(new[] { "import", "m.onnx", "--out", "d", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "import", "a.onnx", "b.onnx", "--out", "d" }, "one model at a time")]
    [InlineData(new[] { "import", "m.onnx", "--out", "d", "--class", "class" }, "'class' is not a C# class name")]
    [InlineData(new[] { "import", "m.onnx", "--out", "d", "--class", "My-Net" }, "'My-Net' is not a C# class name")]
    [InlineData(new[] { "import", "m.onnx", "--out", "d", "--namespace", "A..B" }, "'A..B' is not a C# namespace")]
    [InlineData(new[] { "import", "9lives.onnx", "--out", "d", "--class", "2x" }, "'2x' is not a C# class name")]
    [InlineData(new[] { "export" }, "unknown command 'export'")]
    public void UsageErrorsWriteNothing(string[] args, string problem)
    {
        using var folder = new TempFolder();
        string[] inFolder = args.Select(a => a is "d" ? Path.Combine(folder.Path, "d") : a).ToArray();
        var error = new StringWriter();
        Assert.Equal(CommandLine.Usage, CommandLine.Run(inFolder, TextWriter.Null, error));
        Assert.Contains(problem, error.ToString());
        Assert.Contains("Usage: convgen import", error.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void AMissingModelFileIsOneError()
    {
        using var folder = new TempFolder();
        var error = new StringWriter();
        string missing = Path.Combine(folder.Path, "missing.onnx");
        Assert.Equal(CommandLine.Failed, CommandLine.Run(new[] { "import", missing, "--out", Path.Combine(folder.Path, "out") }, TextWriter.Null, error));
        Assert.Contains($"Cannot import ONNX model '{missing}': the file cannot be read", error.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
