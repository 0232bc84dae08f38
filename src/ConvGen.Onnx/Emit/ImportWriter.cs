using System;
using System.IO;
using System.Linq;
using System.Text;

namespace ConvGen.Onnx.Emit;

/// <summary>
/// Writes an imported network: <c>{Class}.cs</c> (the declaration) and <c>{Class}.cgw</c> (its weights, in the
/// order and under the names the generated network's <c>LoadWeights</c> expects). Everything is checked and
/// produced in memory first; both files are then written beside their final names and renamed, so an error
/// leaves nothing behind and an existing file is replaced whole or not at all.
/// </summary>
public static class ImportWriter
{
    /// <summary>The two files written for <paramref name="className"/> in <paramref name="directory"/>.</summary>
    public static (string Source, string Weights) Paths(string directory, string className) =>
        (Path.Combine(directory, className + ".cs"), Path.Combine(directory, className + ".cgw"));

    /// <summary>Writes both files; returns their paths.</summary>
    public static (string Source, string Weights) Write(LayerGraph graph, string directory, string className, string? ns)
    {
        if (!CSharpNames.IsIdentifier(className))
        {
            throw new ArgumentException($"'{className}' is not a C# class name (letters, digits and '_', not starting with a digit, not a keyword).", nameof(className));
        }

        if (ns is not null && !CSharpNames.IsNamespace(ns))
        {
            throw new ArgumentException($"'{ns}' is not a C# namespace (identifiers separated by '.').", nameof(ns));
        }

        if (graph.Layers.FirstOrDefault(l => CSharpNames.LayerClassName(l.Spec.Name) == className) is GraphLayer clash)
        {
            throw new ArgumentException($"The class name '{className}' is also the kernel class of layer '{clash.Spec.Name}'; choose another class name.", nameof(className));
        }

        (string source, string weights) = Paths(directory, className);
        string text = DeclarationEmitter.Emit(graph, className, ns, Path.GetFileName(weights));
        var tensors = graph.Weights.Select(w => new WeightFile.Tensor(w.Name, w.Shape, w.Values)).ToList();
        Directory.CreateDirectory(directory);

        string stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        string sourceTemp = Path.Combine(directory, "." + className + ".cs" + stamp);
        string weightsTemp = Path.Combine(directory, "." + className + ".cgw" + stamp);
        try
        {
            WeightFile.Write(weightsTemp, className, tensors);
            using (var file = new FileStream(sourceTemp, FileMode.CreateNew, FileAccess.Write))
            {
                byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(weightsTemp, weights, overwrite: true);
            File.Move(sourceTemp, source, overwrite: true);
        }
        finally
        {
            foreach (string temp in new[] { sourceTemp, weightsTemp })
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        return (source, weights);
    }
}
