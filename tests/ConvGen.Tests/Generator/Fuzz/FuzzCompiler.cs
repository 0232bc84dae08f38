using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ConvGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Compilations as a user's project makes them: the SDK's compiler, the runtime assembly, every warning wave
/// (warning level 9999), documentation comments diagnosed (as with <c>GenerateDocumentationFile</c>), the nullable
/// context and language version of the case. One base compilation per configuration holds the parsed references,
/// so a batch only adds its syntax trees.
/// </summary>
internal static class FuzzCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ConvNetAttribute).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    private static readonly ConcurrentDictionary<(LanguageVersion, NullableContextOptions), CSharpCompilation> Bases = new();

    public static CSharpParseOptions ParseOptions(LanguageVersion version) => new(version, DocumentationMode.Diagnose);

    /// <summary>Nullable contexts need C# 8: older versions get the disabled context (the option itself would be an error).</summary>
    public static NullableContextOptions Effective(LanguageVersion version, NullableContextOptions nullable) =>
        version.MapSpecifiedToEffectiveVersion() < LanguageVersion.CSharp8 ? NullableContextOptions.Disable : nullable;

    public static CSharpCompilation BaseCompilation(LanguageVersion version, NullableContextOptions nullable) =>
        Bases.GetOrAdd((version, Effective(version, nullable)), key =>
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "FuzzCases",
                syntaxTrees: null,
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: key.Item2, warningLevel: 9999));
            _ = compilation.GetTypeByMetadataName("ConvGen.ConvNetAttribute");
            return compilation;
        });

    /// <summary>Runs ConvGen's generator as the compiler would; returns its result and the compilation with the generated files.</summary>
    public static GeneratorRunResult RunGenerator(CSharpCompilation compilation, CSharpParseOptions parse, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ConvGenGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out output, out driverDiagnostics);
        return driver.GetRunResult().Results.Single();
    }
}
