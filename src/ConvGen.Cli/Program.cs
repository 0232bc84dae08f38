using System;

namespace ConvGen.Cli;

/// <summary>The <c>convgen</c> command (<c>dotnet run --project src/ConvGen.Cli -- import model.onnx --out DIR</c>).</summary>
internal static class Program
{
    private static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
}
