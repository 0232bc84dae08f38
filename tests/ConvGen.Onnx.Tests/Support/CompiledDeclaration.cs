using System;
using System.IO;
using Xunit;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>
/// A declaration the importer writes that this project compiles (RoundTrip/*.cs): its attribute lines — what the
/// generator compiles — must be the committed file's. On a mismatch (or when the file is new) the new text goes to
/// <c>*.received.cs</c> beside it, which the project does not compile; read it, then accept with
/// <c>CONVGEN_ACCEPT_BASELINES=1 dotnet test tests/ConvGen.Onnx.Tests -c Release</c> and build again.
/// </summary>
internal static class CompiledDeclaration
{
    public static void Verify(string relative, string actual)
    {
        string path = Baseline.PathOf(relative);
        string received = Path.ChangeExtension(path, ".received.cs");
        if (Environment.GetEnvironmentVariable("CONVGEN_ACCEPT_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string expected = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        if (!SameNetwork.AttributeLines(expected).AsSpan().SequenceEqual(SameNetwork.AttributeLines(actual)))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"{relative} is not the re-imported declaration, written to {received}. Review the diff; accept with CONVGEN_ACCEPT_BASELINES=1 and rebuild.");
        }

        File.Delete(received);
    }
}
