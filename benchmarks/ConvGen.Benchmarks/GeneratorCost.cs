using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using ConvGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Benchmarks;

/// <summary>
/// Build cost: the source generator run by Roslyn's generator driver on a compilation holding one declaration — the
/// seed model, and a 20-layer network — as the compiler runs it on a clean build (parsing, the pipeline, emitting).
/// </summary>
public class GeneratorCost
{
    public const string SeedModelSource = """
        using ConvGen;
        [ConvNet]
        [Input(28, 28, 1)]
        [Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Conv2D(64, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
        [Conv2D(32, 1, Activation = Activation.Relu)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(128, Activation = Activation.Relu)]
        [Dropout(0.5)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class FashionCnn { }
        """;

    /// <summary>20 layers: 16 convolutions (3×3 and 1×1, widening 32→128 over three stages) with pooling and a classifier.</summary>
    public static string TwentyLayerSource { get; } = BuildTwentyLayers();

    private CSharpCompilation _seed = null!, _twenty = null!;

    [GlobalSetup]
    public void Setup()
    {
        MetadataReference[] references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
            .Append(typeof(ConvNetAttribute).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
        CSharpCompilation Make(string source) => CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText(source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _seed = Make(SeedModelSource);
        _twenty = Make(TwentyLayerSource);
        if (Generate(_twenty) < 20 || Generate(_seed) == 0)
        {
            throw new InvalidOperationException("The generator produced nothing for the benchmark declarations.");
        }
    }

    [Benchmark(Description = "SeedModel")]
    public int SeedModel() => Generate(_seed);

    [Benchmark(Description = "TwentyLayers")]
    public int TwentyLayers() => Generate(_twenty);

    // Runs the generator on a fresh driver (nothing cached) and returns the generated text's length in KiB.
    private static int Generate(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new ConvGenGenerator()).RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generator failed: " + (result.Exception?.Message ?? string.Join("; ", result.Diagnostics)));
        }

        return result.GeneratedSources.Sum(s => s.SourceText.Length) / 1024;
    }

    private static string BuildTwentyLayers()
    {
        var text = new StringBuilder("using ConvGen;\n[ConvNet]\n[Input(32, 32, 3)]\n");
        int[] widths = { 32, 64, 128 };
        foreach (int width in widths)
        {
            for (int i = 0; i < 5; i++)
            {
                text.Append(i % 2 == 0
                    ? $"[Conv2D({width}, 3, Padding = Padding.Same, Activation = Activation.Relu)]\n"
                    : $"[Conv2D({width}, 1, Activation = Activation.Relu)]\n");
            }

            text.Append("[MaxPool2D(2)]\n");
        }

        text.Append("[Conv2D(64, 1, Activation = Activation.Relu)]\n[Flatten]\n[Dense(10, Activation = Activation.Softmax)]\n");
        text.Append("public partial class TwentyLayerNet { }\n");
        return text.ToString();
    }
}
