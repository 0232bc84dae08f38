using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Tests.Generator;

/// <summary>The pipeline caches: unrelated edits and moved lines do not re-emit, and cached models hold no compiler objects.</summary>
public class IncrementalityTests
{
    private const string Kernel = """
        using ConvGen;
        namespace Samples;
        [Conv2DKernel(15, 15, 13, 17, 3, Padding = Padding.Same, Strides = 2)]
        public partial class Stride2 { }
        [DepthwiseConv2DKernel(8, 8, 12, Padding = Padding.Same)]
        public partial class Depthwise { }
        """;

    private static readonly string[] TrackedSteps =
    {
        ConvGenGenerator.Steps.Networks, ConvGenGenerator.Steps.NetworkModels, ConvGenGenerator.Steps.NetworkPlans,
        ConvGenGenerator.Steps.Kernels, ConvGenGenerator.Steps.DepthwiseKernels, ConvGenGenerator.Steps.KernelModels, ConvGenGenerator.Steps.KernelSpecs,
    };

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        return (driver, compilation);
    }

    [Fact]
    public void AnUnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var (driver, compilation) = FirstRun(TestSources.SeedModel, Kernel, "class Unrelated { int A; }");
        SyntaxTree old = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("class Unrelated { int A; int B; }", GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps.Append(ConvGenGenerator.Steps.Diagnostics))
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {output.Reason}");
        }
    }

    [Fact]
    public void MovingTheDeclarationReparsesButDoesNotReEmit()
    {
        var (driver, compilation) = FirstRun(TestSources.SeedModel);
        int files = driver.GetRunResult().Results.Single().GeneratedSources.Length;
        SyntaxTree old = compilation.SyntaxTrees.Single();
        CSharpCompilation moved = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("\n\n// moved down\n" + TestSources.SeedModel, GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult result = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The seed model carries an Info diagnostic (CG0100), whose location moved: parsing and reporting rerun...
        Assert.All(result.TrackedSteps[ConvGenGenerator.Steps.Networks].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains(result.TrackedSteps[ConvGenGenerator.Steps.Diagnostics].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);

        // ...but the model compares equal, so nothing downstream of it runs again: no plan, no kernel, no file.
        foreach (string step in new[] { ConvGenGenerator.Steps.NetworkModels, ConvGenGenerator.Steps.NetworkPlans, ConvGenGenerator.Steps.KernelSpecs })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"{step}: {o.Reason}"));
        }

        Assert.Equal(files, result.GeneratedSources.Length);
    }

    [Fact]
    public void ChangingALayerReEmits()
    {
        var (driver, compilation) = FirstRun(TestSources.SeedModel);
        SyntaxTree old = compilation.SyntaxTrees.Single();
        string changed = TestSources.SeedModel.Replace("[Conv2D(32, 1,", "[Conv2D(16, 1,", StringComparison.Ordinal);
        GeneratorRunResult result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, old.FilePath)))
            .GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[ConvGenGenerator.Steps.NetworkModels].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "ConvGen.__Generated.Conv1x1S1Valid_7x7x128_16_Relu.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "ConvGen.__Generated.Conv1x1S1Valid_7x7x128_32_Relu.g.cs");

        // Only the changed kernel is generated again; the other three convolutions' files are reused as they were.
        var kernels = result.TrackedSteps[ConvGenGenerator.Steps.KernelSpecs].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(4, kernels.Count);
        Assert.Equal(1, kernels.Count(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
    }

    [Fact]
    public void CachedModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var (driver, _) = FirstRun(TestSources.SeedModel, Kernel, "using ConvGen; [ConvNet, Input(2, 2, 1), Conv2D(4, 3)] public partial class Bad { }");
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        int visited = 0;
        foreach (string step in TrackedSteps.Append(ConvGenGenerator.Steps.Diagnostics))
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                visited += Walk(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        Assert.True(visited > 50, $"walked only {visited} objects");
    }

    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location) };

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DiagnosticDescriptor || value is Microsoft.CodeAnalysis.Text.TextSpan || value is Microsoft.CodeAnalysis.Text.LinePositionSpan)
        {
            return 1;
        }

        Type type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value))
        {
            return 0;
        }

        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                count += Walk(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            count += Walk(field.GetValue(value), path + "." + field.Name, seen);
        }

        return count;
    }
}
