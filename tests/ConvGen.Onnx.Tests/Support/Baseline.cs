using System;
using System.IO;
using Xunit;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>
/// Text baselines of emitted declarations (tests/ConvGen.Onnx.Tests/Imported and Baselines). On a mismatch the new
/// text goes to <c>*.received.cs</c> beside the baseline; read the diff, then accept with
/// <c>CONVGEN_ACCEPT_BASELINES=1 dotnet test tests/ConvGen.Onnx.Tests -c Release</c>.
/// </summary>
internal static class Baseline
{
    public static string PathOf(string relative) => System.IO.Path.Combine(ModelFiles.RepositoryRoot, "tests", "ConvGen.Onnx.Tests", relative);

    public static void Verify(string relative, string actual)
    {
        string path = PathOf(relative);
        string received = System.IO.Path.ChangeExtension(path, ".received.cs");
        if (Environment.GetEnvironmentVariable("CONVGEN_ACCEPT_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string expected = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"{relative} differs from the importer's output, written to {received}. Review the diff; accept with CONVGEN_ACCEPT_BASELINES=1.");
        }

        File.Delete(received);
    }
}
