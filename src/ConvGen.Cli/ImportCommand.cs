using System;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvGen.Onnx;
using ConvGen.Onnx.Emit;

namespace ConvGen.Cli;

/// <summary><c>convgen import MODEL.onnx --out DIR [--class NAME] [--namespace NS]</c>.</summary>
internal static class ImportCommand
{
    public static int Run(ReadOnlySpan<string> args, TextWriter output, TextWriter error)
    {
        string? model = null, outDir = null, className = null, ns = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--out" or "--class" or "--namespace")
            {
                if (i + 1 >= args.Length)
                {
                    return UsageError(error, $"{arg} needs a value.");
                }

                string value = args[++i];
                switch (arg)
                {
                    case "--out": outDir = value; break;
                    case "--class": className = value; break;
                    default: ns = value; break;
                }
            }
            else if (arg.StartsWith('-'))
            {
                return UsageError(error, $"unknown option '{arg}'.");
            }
            else if (model is null)
            {
                model = arg;
            }
            else
            {
                return UsageError(error, $"one model at a time ('{model}' and '{arg}' given).");
            }
        }

        if (model is null || outDir is null)
        {
            return UsageError(error, model is null ? "no model given." : "no output folder given (--out DIR).");
        }

        className ??= CSharpNames.TypeNameFrom(Path.GetFileNameWithoutExtension(model));
        if (!CSharpNames.IsIdentifier(className))
        {
            return UsageError(error, $"'{className}' is not a C# class name; pass --class NAME.");
        }

        if (ns is not null && !CSharpNames.IsNamespace(ns))
        {
            return UsageError(error, $"'{ns}' is not a C# namespace (identifiers separated by '.').");
        }

        try
        {
            LayerGraph graph = OnnxImporter.Import(model);
            (string source, string weights) = ImportWriter.Write(graph, outDir, className, ns);
            LayerShape input = graph.Input;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Imported {graph.Source}: {graph.Layers.Count} layers, {graph.ParameterCount:N0} parameters; input {input.Height}x{input.Width}x{input.Channels} (NHWC), output {graph.Output}."));
            foreach (GraphLayer layer in graph.Layers)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {layer.Spec.Name,-40} {layer.Spec.Kind,-22} {layer.Output}"));
            }

            output.WriteLine($"Wrote {source} and {weights}.");
            return CommandLine.Ok;
        }
        catch (OnnxImportException ex)
        {
            error.WriteLine("convgen: " + ex.Message);
            return CommandLine.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"convgen: cannot write the import of '{model}' to '{outDir}': {ex.Message}");
            return CommandLine.Failed;
        }
    }

    private static int UsageError(TextWriter error, string problem)
    {
        error.WriteLine("convgen import: " + problem);
        error.Write(CommandLine.UsageText);
        return CommandLine.Usage;
    }
}
