using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests.Generator;

/// <summary>
/// What the generator adds to a user's build, in bytes of C#: a budget per declaration that fails the build of this
/// test when the generated source grows past it (the consumer pays for every byte in compile time).
/// </summary>
public class SizeBudgetTests
{
    /// <summary>The seed model's generated source, trainable (+20 KB for the forward kernels' <c>Part</c> entries, issue 23).</summary>
    public const int SeedModelBudget = 1_440_000;

    /// <summary>The seed model's generated source, declared <c>InferenceOnly</c> (+20 KB for the <c>Part</c> entries, issue 23).</summary>
    public const int InferenceOnlySeedModelBudget = 610_000;

    private readonly ITestOutputHelper _output;

    public SizeBudgetTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void TheSeedModelStaysWithinItsBudget()
    {
        int bytes = GeneratedBytes(TestSources.SeedModel);
        _output.WriteLine($"seed model: {bytes:N0} bytes of generated C# (budget {SeedModelBudget:N0})");
        Assert.True(bytes <= SeedModelBudget, $"The seed model generates {bytes:N0} bytes of C#, past its budget of {SeedModelBudget:N0}.");
    }

    [Fact]
    public void TheInferenceOnlySeedModelStaysWithinItsBudget()
    {
        int bytes = GeneratedBytes(TestSources.SeedModel.Replace("[ConvNet]", "[ConvNet(InferenceOnly = true)]", System.StringComparison.Ordinal));
        _output.WriteLine($"seed model, inference only: {bytes:N0} bytes of generated C# (budget {InferenceOnlySeedModelBudget:N0})");
        Assert.True(bytes <= InferenceOnlySeedModelBudget, $"The inference-only seed model generates {bytes:N0} bytes of C#, past its budget of {InferenceOnlySeedModelBudget:N0}.");
    }

    /// <summary>UTF-8 bytes of every file the generator writes for <paramref name="source"/>.</summary>
    public static int GeneratedBytes(string source)
    {
        var (result, _) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return result.GeneratedSources.Sum(s => Encoding.UTF8.GetByteCount(s.SourceText.ToString()));
    }
}
