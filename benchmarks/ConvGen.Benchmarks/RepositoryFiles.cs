using System;
using System.IO;

namespace ConvGen.Benchmarks;

/// <summary>Files of the repository the benchmarks read (found above the program's folder or the working directory).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string?> Root = new(() => FindRoot(AppContext.BaseDirectory) ?? FindRoot(Environment.CurrentDirectory));

    /// <summary>
    /// torchvision's ResNet-18 as scripts/onnx-models/setup.sh exports it (not committed: 45 MB), or the file named by
    /// <c>CONVGEN_RESNET18_ONNX</c>.
    /// </summary>
    public static string ResNet18Onnx =>
        Environment.GetEnvironmentVariable("CONVGEN_RESNET18_ONNX") is { Length: > 0 } path ? Path.GetFullPath(path)
            : Path.Combine(Root.Value ?? Environment.CurrentDirectory, "scripts", "onnx-models", "generated", "resnet18_op13.onnx");

    private static string? FindRoot(string start)
    {
        for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConvGen.sln")))
            {
                return d.FullName;
            }
        }

        return null;
    }
}
