using System;
using System.IO;

namespace ConvGen.Cli;

/// <summary>Dispatches the command line to a command; prints usage for anything else.</summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public const string UsageText =
        "Usage: convgen import MODEL.onnx --out DIR [--class NAME] [--namespace NS]\n" +
        "\n" +
        "  import   Writes DIR/NAME.cs (the network as a [ConvNet] declaration) and DIR/NAME.cgw (its weights, for\n" +
        "           LoadWeights). NAME defaults to the model's file name in PascalCase. Nothing is written when the\n" +
        "           model cannot be imported; the error names the node, its operator and what is unsupported.\n";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? error : output).Write(UsageText);
            return args.Length == 0 ? Usage : Ok;
        }

        if (args[0] == "import")
        {
            return ImportCommand.Run(args.AsSpan(1), output, error);
        }

        error.WriteLine($"convgen: unknown command '{args[0]}'.");
        error.Write(UsageText);
        return Usage;
    }
}
