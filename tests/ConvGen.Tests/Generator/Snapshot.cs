using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>
/// Verify-style snapshots without Verify: <c>Snapshots/NAME.verified.cs</c> is committed; on a mismatch the new
/// text is written to <c>NAME.received.cs</c> beside it and the test fails. Set <c>CONVGEN_ACCEPT_SNAPSHOTS=1</c>
/// to accept: the received text then becomes the verified file.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "CONVGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        string directory = Path.Combine(FindTestsRoot(caller), "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet. Review {received}, then rerun with {AcceptVariable}=1 to accept it."
            : $"Generated code differs from {verified}. Diff it against {received}; rerun with {AcceptVariable}=1 to accept.");
    }

    private static string FindTestsRoot(string caller)
    {
        DirectoryInfo? dir = new FileInfo(caller).Directory;
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ConvGen.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ConvGen.Tests.csproj not found above " + caller);
    }
}
