using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>A transformation of a case: a hazard, a fault or a structure, with a number of numbered variants.</summary>
internal sealed record Scenario(string Name, int Variants, Func<ScenarioContext, CaseSpec, int, CaseSpec> Apply);

/// <summary>What a scenario may use: the case's random generator and a builder of valid layers drawing from it.</summary>
internal sealed record ScenarioContext(FuzzRandom Random, NetworkBuilder Builder);

/// <summary>Edits of a case's main class shared by scenarios: its layers, attributes and arguments.</summary>
internal static class CaseEdits
{
    /// <summary>The attributes of the part holding the main class's layers (and usually [ConvNet] and [Input]).</summary>
    public static ImmutableArray<AttributeSpec> Attributes(CaseSpec spec) => spec.Main.Parts[spec.Main.LayerPart].Attributes;

    public static CaseSpec WithAttributes(CaseSpec spec, IEnumerable<AttributeSpec> attributes)
    {
        ClassSpec main = spec.Main;
        int part = main.LayerPart;
        return spec.WithClass(0, main.WithPart(part, main.Parts[part] with { Attributes = attributes.ToImmutableArray() }));
    }

    /// <summary>Replaces the main class's layers (keeping [ConvNet], [Input] and anything else that is not a layer).</summary>
    public static CaseSpec WithLayers(CaseSpec spec, IEnumerable<AttributeSpec> layers) =>
        WithAttributes(spec, Attributes(spec).Where(a => !IsLayerOrGraph(a.Kind)).Concat(layers));

    public static IReadOnlyList<AttributeSpec> Layers(CaseSpec spec) => Attributes(spec).Where(a => IsLayerOrGraph(a.Kind)).ToList();

    /// <summary>Changes the first attribute of a kind (or a random one among them); null when there is none.</summary>
    public static CaseSpec? Change(CaseSpec spec, FuzzRandom random, string kind, Func<AttributeSpec, AttributeSpec> change)
    {
        var attributes = Attributes(spec);
        var indices = Enumerable.Range(0, attributes.Length).Where(i => attributes[i].Kind == kind).ToList();
        if (indices.Count == 0)
        {
            return null;
        }

        int index = random.Pick(indices);
        return WithAttributes(spec, attributes.SetItem(index, change(attributes[index])));
    }

    /// <summary>A network of the main class's name and namespace replacing its declaration: [ConvNet], [Input] and the given layers.</summary>
    public static CaseSpec Network(CaseSpec spec, NetworkBuilder b, (int H, int W, int C) input, params AttributeSpec[] layers)
    {
        var attributes = new[] { b.Attribute(ConvNet), b.InputOf(input.H, input.W, input.C) }.Concat(layers).ToImmutableArray();
        return spec.WithClass(0, new ClassSpec(spec.Main.Name, spec.Main.Namespace, ImmutableArray.Create(new PartSpec(attributes)), Modifiers: "public")) with { Compiler = CompilerVerdict.Accepts };
    }

    /// <summary>A standalone kernel class replacing the main class.</summary>
    public static CaseSpec Kernel(CaseSpec spec, AttributeSpec kernel, string modifiers = "public static") =>
        spec.WithClass(0, new ClassSpec(spec.Main.Name, spec.Main.Namespace, ImmutableArray.Create(new PartSpec(ImmutableArray.Create(kernel))), Modifiers: modifiers)) with { Compiler = CompilerVerdict.Accepts };

    /// <summary>Makes sure the main class is a network with at least one layer of <paramref name="kind"/> (a tiny one replaces it otherwise).</summary>
    public static CaseSpec EnsureLayer(CaseSpec spec, NetworkBuilder b, string kind)
    {
        if (spec.Main.IsNetwork && Layers(spec).Any(a => a.Kind == kind))
        {
            return spec;
        }

        return kind switch
        {
            Dense or Dropout => Network(spec, b, (3, 3, 2), b.Conv(2, 1), b.Plain(Flatten), b.DenseLayer(3), b.Drop(0.5)),
            BatchNormalization => Network(spec, b, (3, 3, 2), b.Conv(2, 1), b.Norm()),
            DepthwiseConv2D => Network(spec, b, (4, 4, 2), b.Depthwise(padding: 1)),
            MaxPool2D => Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.Pool()),
            AveragePooling2D => Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.AveragePool()),
            Flatten => Network(spec, b, (3, 3, 2), b.Conv(2, 1), b.Plain(Flatten)),
            _ => Network(spec, b, (3, 3, 2), b.Conv(2, 1, activation: 1)),
        };
    }
}
