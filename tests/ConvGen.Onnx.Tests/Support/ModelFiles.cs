using System;
using System.IO;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>The test models of scripts/onnx-models (committed, and generated/ made by scripts/onnx-models/setup.sh).</summary>
internal static class ModelFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConvGen.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No ConvGen.sln above {AppContext.BaseDirectory}.");
    });

    public static string RepositoryRoot => Root.Value;

    public static string Folder => Path.Combine(Root.Value, "scripts", "onnx-models");

    /// <summary>A committed model, e.g. <c>plain_cnn_op17</c>.</summary>
    public static string Model(string name) => Existing(Path.Combine(Folder, name + ".onnx"));

    /// <summary>A bad file of scripts/onnx-models/bad.</summary>
    public static string Bad(string name) => Existing(Path.Combine(Folder, "bad", name + ".onnx"));

    /// <summary>A model made by scripts/onnx-models/setup.sh (resnet18).</summary>
    public static string Generated(string name)
    {
        string path = Path.Combine(Folder, "generated", name + ".onnx");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run scripts/onnx-models/setup.sh (the README's test command does).", path);
    }

    /// <summary>A model by name, committed or generated.</summary>
    public static string Any(string name) => name.StartsWith("generated/", StringComparison.Ordinal) ? Generated(name["generated/".Length..]) : Model(name);

    private static string Existing(string path) => File.Exists(path) ? path : throw new FileNotFoundException(path + " is missing.", path);
}
