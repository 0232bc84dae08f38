using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Faults: one deliberate mistake put into a valid case — a size of 0 or past every limit, an unsupported kernel,
/// stride, padding, pool or activation, explicit pads out of range, of the wrong count or beside 'same', global
/// pooling before a spatial layer, a layer in the wrong place, an unbalanced block, a duplicate name, a class
/// that cannot receive generated code, an argument that is not a constant. The reference rules judge the result
/// (a fault that turned out harmless leaves a valid case).
/// </summary>
internal static class Faults
{
    private static readonly int[] BadSizes = { 0, -1, -7, 4097, 65537, 100_000, int.MaxValue, int.MinValue };
    private static readonly int[] BadChannels = { 0, -1, 65537, 70_000, int.MaxValue, int.MinValue };

    public static IReadOnlyList<Scenario> All { get; } = new[]
    {
        new Scenario("input-size", 12, InputSize),
        new Scenario("conv-argument", 16, ConvArgument),
        new Scenario("conv-empty-output", 4, ConvEmptyOutput),
        new Scenario("depthwise-argument", 6, DepthwiseArgument),
        new Scenario("pool-argument", 8, PoolArgument),
        new Scenario("layer-order", 6, LayerOrder),
        new Scenario("dense-argument", 6, DenseArgument),
        new Scenario("dropout-rate", 6, DropoutRate),
        new Scenario("batch-normalization-argument", 7, NormArgument),
        new Scenario("block", 9, Block),
        new Scenario("duplicate-name", 3, DuplicateName),
        new Scenario("class-declaration", 12, ClassDeclaration),
        new Scenario("kernel-class-argument", 10, KernelClassArgument),
        new Scenario("not-constant", 4, NotConstant),
        new Scenario("pads", 14, Pads),
        new Scenario("global-pooling", 7, GlobalPooling),
        new Scenario("average-pool-argument", 5, AveragePoolArgument),
    };

    private static CaseSpec Set(CaseSpec spec, ScenarioContext ctx, string kind, string name, object? value, string type = "int") =>
        CaseEdits.Change(CaseEdits.EnsureLayer(spec, ctx.Builder, kind), ctx.Random, kind, a => a.With(name, type, value, Parameter(kind, name)!.Constructor))!;

    private static CaseSpec InputSize(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        spec = CaseEdits.EnsureLayer(spec, ctx.Builder, Conv2D);
        return variant switch
        {
            < 3 => CaseEdits.Change(spec, ctx.Random, Input, a => a.With(new[] { "Height", "Width", "Channels" }[variant], "int", ctx.Random.Pick(BadSizes), true))!,
            3 => CaseEdits.Change(spec, ctx.Random, Input, a => a.With("Height", "int", 4097, true))!,
            4 => CaseEdits.Change(spec, ctx.Random, Input, a => a.With("Channels", "int", 65537, true))!,
            5 => CaseEdits.Network(spec, ctx.Builder, (4096, 4096, 17), ctx.Builder.Plain(Flatten)),
            6 => CaseEdits.WithAttributes(spec, CaseEdits.Attributes(spec).Where(a => a.Kind != Input)),
            7 => CaseEdits.Change(spec, ctx.Random, Input, a => a.With("Width", "int", 0, true))!,
            8 => CaseEdits.Network(spec, ctx.Builder, (1, 1, 65536), ctx.Builder.Plain(Flatten), ctx.Builder.DenseLayer(4097)),
            9 => CaseEdits.Network(spec, ctx.Builder, (2048, 2048, 65), ctx.Builder.Plain(Flatten)),
            10 => CaseEdits.Change(spec, ctx.Random, Input, a => a.With("Height", "int", int.MinValue, true).With("Width", "int", int.MinValue, true))!,
            _ => CaseEdits.Network(spec, ctx.Builder, (65536, 65536, 65536), ctx.Builder.Plain(Flatten)),
        };
    }

    private static CaseSpec ConvArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, Conv2D, "Filters", 0),
        1 => Set(spec, ctx, Conv2D, "Filters", ctx.Random.Pick(BadChannels)),
        2 => Set(spec, ctx, Conv2D, "KernelSize", ctx.Random.Pick(new[] { 0, 2, 4, 6, 9, -3, int.MaxValue })),
        3 => Set(spec, ctx, Conv2D, "KernelSize", 9),
        4 => Set(spec, ctx, Conv2D, "Strides", ctx.Random.Pick(new[] { 0, 3, -1, 4, int.MinValue })),
        5 => Set(spec, ctx, Conv2D, "Padding", ctx.Random.Pick(new[] { 2, -1, 7, int.MaxValue }), "Padding"),
        6 => Set(spec, ctx, Conv2D, "Activation", 2, "Activation"),
        7 => Set(spec, ctx, Conv2D, "Activation", ctx.Random.Pick(new[] { 4, 9, -1, int.MinValue }), "Activation"),
        8 => CaseEdits.Network(spec, ctx.Builder, (1, 1, 65536), ctx.Builder.Conv(4097, 1)),
        9 => CaseEdits.Network(spec, ctx.Builder, (4, 4, 8192), ctx.Builder.Conv(4096, 3, padding: 1)),
        10 => CaseEdits.Network(spec, ctx.Builder, (4096, 4096, 1), ctx.Builder.Conv(17, 1)),
        11 => Set(spec, ctx, Conv2D, "Filters", 65537),
        12 => Set(spec, ctx, Conv2D, "Strides", 3),
        13 => Set(spec, ctx, Conv2D, "Padding", 7, "Padding"),
        14 => Set(spec, ctx, Conv2D, "Filters", -4),
        _ => Set(spec, ctx, Conv2D, "KernelSize", 4),
    };

    /// <summary>Convolutions whose output would be empty, including the 3×3 stride-2 'valid' one on 2×2 (and depthwise on 2×5) that today's generator accepts.</summary>
    private static CaseSpec ConvEmptyOutput(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (2, 2, 3), b.Conv(4, 3)),
            1 => CaseEdits.Network(spec, b, (2, 2, 3), b.Conv(4, 3, stride: 2)),
            2 => CaseEdits.Network(spec, b, (2, 5, 3), b.Depthwise(stride: 2)),
            _ => CaseEdits.Network(spec, b, (5, 5, 1), b.Conv(2, 3), b.Conv(2, 3), b.Conv(2, 3)),
        };
    }

    private static CaseSpec DepthwiseArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, DepthwiseConv2D, "KernelSize", 1),
        1 => Set(spec, ctx, DepthwiseConv2D, "KernelSize", ctx.Random.Pick(new[] { 7, 0, -3 })),
        2 => Set(spec, ctx, DepthwiseConv2D, "Strides", 3),
        3 => Set(spec, ctx, DepthwiseConv2D, "Activation", 2, "Activation"),
        4 => CaseEdits.Network(spec, ctx.Builder, (1, 1, 4), ctx.Builder.Depthwise()),
        _ => Set(spec, ctx, DepthwiseConv2D, "Padding", 3, "Padding"),
    };

    private static CaseSpec PoolArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, MaxPool2D, "PoolSize", 4),
        1 => Set(spec, ctx, MaxPool2D, "PoolSize", ctx.Random.Pick(new[] { 0, 1, -2, 5 })),
        2 => Set(spec, ctx, MaxPool2D, "Strides", 3).Pipe(s => CaseEdits.Change(s, ctx.Random, MaxPool2D, a => a.With("PoolSize", "int", 2, true))!),
        3 => Set(spec, ctx, MaxPool2D, "Strides", -1),
        4 => Set(spec, ctx, MaxPool2D, "Padding", 4, "Padding"),
        5 => CaseEdits.Network(spec, ctx.Builder, (4, 4, 3), ctx.Builder.Pool(), ctx.Builder.Pool(), ctx.Builder.Pool()),
        6 => CaseEdits.Network(spec, ctx.Builder, (1, 1, 3), ctx.Builder.Pool(3, 1)),
        _ => CaseEdits.Network(spec, ctx.Builder, (2, 2, 3), ctx.Builder.Pool(3, 2, 0)),
    };

    private static CaseSpec LayerOrder(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.DenseLayer(3)),
            1 => CaseEdits.Network(spec, b, (4, 4, 2), b.Plain(Flatten), b.Conv(2, 1)),
            2 => CaseEdits.Network(spec, b, (4, 4, 2), b.Plain(Flatten), b.Pool()),
            3 => CaseEdits.Network(spec, b, (4, 4, 2), b.Plain(Flatten), b.Depthwise()),
            4 => CaseEdits.Network(spec, b, (4, 4, 2), b.Plain(Flatten), b.Plain(Flatten)),
            _ => CaseEdits.WithLayers(CaseEdits.EnsureLayer(spec, b, Conv2D), CaseEdits.Layers(CaseEdits.EnsureLayer(spec, b, Conv2D)).Prepend(b.DenseLayer(2))),
        };
    }

    private static CaseSpec DenseArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, Dense, "Units", 0),
        1 => Set(spec, ctx, Dense, "Units", ctx.Random.Pick(BadChannels)),
        2 => Set(spec, ctx, Dense, "Activation", ctx.Random.Pick(new[] { 4, 9, -1 }), "Activation"),
        3 => CaseEdits.Network(spec, ctx.Builder, (1024, 1024, 1), ctx.Builder.Plain(Flatten), ctx.Builder.DenseLayer(300)),
        4 => Set(spec, ctx, Dense, "Units", 65537),
        _ => Set(spec, ctx, Dense, "Units", -1),
    };

    private static CaseSpec DropoutRate(ScenarioContext ctx, CaseSpec spec, int variant) =>
        Set(spec, ctx, Dropout, "Rate", new[] { 1.5, -0.1, 1.0, double.NaN, double.PositiveInfinity, 1.0000001 }[variant], "double");

    private static CaseSpec NormArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, BatchNormalization, "Momentum", 1.5, "double"),
        1 => Set(spec, ctx, BatchNormalization, "Momentum", 1.0, "double"),
        2 => Set(spec, ctx, BatchNormalization, "Momentum", double.NaN, "double"),
        3 => Set(spec, ctx, BatchNormalization, "Epsilon", 0.0, "double"),
        4 => Set(spec, ctx, BatchNormalization, "Epsilon", ctx.Random.Pick(new[] { 1.0, -1e-3, double.NaN, 2.0 }), "double"),
        5 => Set(spec, ctx, BatchNormalization, "Activation", 2, "Activation"),
        _ => Set(spec, ctx, BatchNormalization, "Momentum", -0.1, "double"),
    };

    /// <summary>Unbalanced and mismatched blocks, merges past every limit (channels, floats, 2^31).</summary>
    private static CaseSpec Block(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        AttributeSpec br = b.Plain(Branch);
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (4, 4, 2), br, b.Conv(2, 1), br, b.Conv(2, 3, padding: 1)),
            1 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.Attribute(Add)),
            2 => CaseEdits.Network(spec, b, (4, 4, 2), br, b.Conv(3, 1), br, b.Attribute(Add)),
            3 => CaseEdits.Network(spec, b, (4, 4, 2), br, b.Conv(2, 3), br, b.Conv(2, 1), b.Plain(Concatenate)),
            4 => CaseEdits.Network(spec, b, (4, 4, 2), br, b.Plain(Flatten), br, b.Plain(Flatten), b.Plain(Concatenate)),
            5 => CaseEdits.Network(spec, b, (4, 4, 2), br, b.Conv(2, 1), br, b.Attribute(Add, ("Activation", 2))),
            6 => CaseEdits.Network(spec, b, (1, 1, 40000), br, br, b.Plain(Concatenate)),
            7 => CaseEdits.Network(spec, b, (4096, 4096, 1), Enumerable.Repeat(br, 17).Append(b.Plain(Concatenate)).ToArray()),
            _ => CaseEdits.Network(spec, b, (4096, 4096, 1), Enumerable.Repeat(br, 130).Append(b.Plain(Concatenate)).Append(b.Plain(Flatten)).ToArray()),
        };
    }

    private static CaseSpec DuplicateName(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1).With("Name", "string", "a"), b.Conv(2, 1).With("Name", "string", "a")),
            1 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.Conv(2, 1).With("Name", "string", "conv2d")),
            _ => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1).With("Name", "string", "x"), b.Plain(Flatten).With("Name", "string", "x")),
        };
    }

    /// <summary>Classes that cannot receive generated code, or whose attributes contradict each other.</summary>
    private static CaseSpec ClassDeclaration(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        spec = CaseEdits.EnsureLayer(spec, b, Conv2D);
        ClassSpec main = spec.Main;
        PartSpec part = main.Parts[0];
        return variant switch
        {
            0 => spec.WithClass(0, main with { Parts = ImmutableArray.Create(part with { Partial = false }) }),
            1 => spec.WithClass(0, main with { Outer = "Outer" }),
            2 => spec.WithClass(0, main with { TypeParameters = "<T>" }),
            3 => spec.WithClass(0, main with { BaseType = "System.Exception", Modifiers = "public" }),
            4 => spec.WithClass(0, main.WithPart(0, part with { Attributes = part.Attributes.Where(a => a.Kind != ConvNet).ToImmutableArray() })),
            5 => spec.WithClass(0, main.WithPart(0, part with { Attributes = part.Attributes.Insert(1, b.Attribute(Conv2DKernel, ("Height", 4), ("Width", 4), ("Channels", 1), ("Filters", 2), ("KernelSize", 3))) })),
            6 => CaseEdits.Kernel(spec, b.Attribute(Conv2DKernel, ("Height", 4), ("Width", 4), ("Channels", 1), ("Filters", 2), ("KernelSize", 3))) is var k
                ? k.WithClass(0, k.Main.WithPart(0, k.Main.Parts[0] with { Attributes = k.Main.Parts[0].Attributes.Add(b.InputOf(4, 4, 1)) })) : spec,
            7 => CaseEdits.Kernel(spec, b.Attribute(Conv2DKernel, ("Height", 4), ("Width", 4), ("Channels", 2), ("Filters", 2), ("KernelSize", 3))) is var k2
                ? k2.WithClass(0, k2.Main.WithPart(0, k2.Main.Parts[0] with { Attributes = k2.Main.Parts[0].Attributes.Add(b.Attribute(DepthwiseConv2DKernel, ("Height", 4), ("Width", 4), ("Channels", 2))) })) : spec,
            8 => spec.WithClass(0, main.WithPart(0, part with { Attributes = part.Attributes.Where(a => !IsLayerOrGraph(a.Kind)).ToImmutableArray() })),
            9 => spec.WithClass(0, main.WithPart(0, part with { Attributes = part.Attributes.Add(b.Attribute(ConvNet)) })) with { Compiler = CompilerVerdict.Rejects },
            10 => CaseEdits.Kernel(spec, b.Attribute(Conv2DKernel, ("Height", 4), ("Width", 4), ("Channels", 2), ("Filters", 2), ("KernelSize", 3))) is var k3
                ? k3.WithClass(0, k3.Main.WithPart(0, k3.Main.Parts[0] with { Attributes = k3.Main.Parts[0].Attributes.Add(b.Conv(2, 1)) })) : spec,
            _ => spec.WithClass(0, main with { Parts = ImmutableArray.Create(part with { Partial = false }), Modifiers = "public static" }),
        };
    }

    private static CaseSpec KernelClassArgument(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        AttributeSpec Conv(int h, int w, int c, int f, int k, int stride = 1, int padding = 0, int activation = 0) =>
            b.Attribute(Conv2DKernel, ("Height", h), ("Width", w), ("Channels", c), ("Filters", f), ("KernelSize", k), ("Strides", stride), ("Padding", padding), ("Activation", activation));
        AttributeSpec Depthwise(int h, int w, int c, int k = 3, int stride = 1) =>
            b.Attribute(DepthwiseConv2DKernel, ("Height", h), ("Width", w), ("Channels", c), ("KernelSize", k), ("Strides", stride));
        return CaseEdits.Kernel(spec, variant switch
        {
            0 => Conv(0, 4, 2, 2, 3),
            1 => Conv(4, 4, 70000, 2, 1),
            2 => Conv(4, 4, 2, 2, 5),
            3 => Conv(4, 4, 2, 2, 3, stride: 3),
            4 => Conv(4, 4, 2, 2, 3, padding: 9),
            5 => Conv(4, 4, 2, 2, 3, activation: 2),
            6 => Conv(4096, 4096, 17, 2, 1),
            7 => Conv(2, 2, 2, 2, 3),
            8 => Conv(2, 2, 2, 2, 3, stride: 2),
            _ => Depthwise(4, 4, 2, ctx.Random.Chance(0.5) ? 1 : 5),
        }, ctx.Random.Chance(0.5) ? "public static" : "public");
    }

    /// <summary>Arguments that are not constants of their type: C# rejects them too; the generator must not crash.</summary>
    private static CaseSpec NotConstant(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        spec = CaseEdits.EnsureLayer(spec, ctx.Builder, Conv2D) with { Compiler = CompilerVerdict.Rejects };
        string source = new[] { "System.Environment.ProcessorCount", "\"four\"", "4.5", "null" }[variant];
        return CaseEdits.Change(spec, ctx.Random, Conv2D, a => a.WithRaw("Filters", "int", source, null, true))!;
    }

    /// <summary>Explicit pads (CG0030): a pad as large as the window, the wrong count, a negative one, pads with 'same'; on every layer and kernel class that takes them; and valid ones.</summary>
    private static CaseSpec Pads(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        CaseSpec WithPads(CaseSpec s, string kind, System.Func<AttributeSpec, int[]> pads) =>
            CaseEdits.Change(CaseEdits.EnsureLayer(s, b, kind), ctx.Random, kind, a => a.With("Pads", "int[]", pads(a)))!;
        int Window(AttributeSpec a) => a.Kind is Conv2D or DepthwiseConv2D ? a.Int("KernelSize", 3) : a.Int("PoolSize", 2);
        return variant switch
        {
            0 => WithPads(spec, Conv2D, a => new[] { 0, Window(a), 0, 0 }),
            1 => WithPads(spec, Conv2D, _ => Enumerable.Repeat(0, ctx.Random.Pick(new[] { 0, 1, 3, 5 })).ToArray()),
            2 => WithPads(spec, Conv2D, _ => new[] { 0, 0, -1, 0 }),
            3 => CaseEdits.Network(spec, b, (5, 5, 2), b.Conv(2, 3, padding: 1).With("Pads", "int[]", new[] { 1, 1, 1, 1 })),
            4 => WithPads(spec, DepthwiseConv2D, a => new[] { Window(a) + ctx.Random.Next(3), 0, 0, 0 }),
            5 => WithPads(spec, MaxPool2D, a => new[] { 0, 0, 0, Window(a) }),
            6 => WithPads(spec, AveragePooling2D, _ => new[] { 1, 1 }),
            7 => CaseEdits.Network(spec, b, (4, 4, 2), b.AveragePool(3, 1, padding: 1).With("Pads", "int[]", new[] { 1, 1, 1, 1 })),
            8 => CaseEdits.Kernel(spec, b.Attribute(Conv2DKernel, ("Height", 6), ("Width", 6), ("Channels", 2), ("Filters", 2), ("KernelSize", 5), ("Pads", new[] { 0, 0, 5, 0 }))),
            9 => CaseEdits.Kernel(spec, b.Attribute(DepthwiseConv2DKernel, ("Height", 6), ("Width", 6), ("Channels", 2), ("KernelSize", 3), ("Pads", new[] { 1, 1, 1 }))),
            10 => CaseEdits.Network(spec, b, (9, 9, 3), b.Conv(4, 7, 2, pads: new[] { 3, 3, 2, 2 }), b.Pool(3, 2, pads: new[] { 1, 1, 1, 1 })),
            11 => CaseEdits.Network(spec, b, (1, 1, 2), b.Conv(2, 7, pads: new[] { 3, 3, 2, 2 })),
            12 => CaseEdits.Change(CaseEdits.EnsureLayer(spec, b, Conv2D), ctx.Random, Conv2D, a => a.With("Pads", "int[]", null))!,
            _ => CaseEdits.Change(CaseEdits.EnsureLayer(spec, b, Conv2D), ctx.Random, Conv2D, a => a.WithRaw("Pads", "int[]", "new[] { 1L, 1L, 0L, 0L }"))! with { Compiler = CompilerVerdict.Rejects },
        };
    }

    /// <summary>Global pooling ends the spatial part: a convolution or pooling after it (CG0008), Flatten after it (CG0009), global pooling after Flatten; and the valid head.</summary>
    private static CaseSpec GlobalPooling(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        bool max = ctx.Random.Chance(0.5);
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (4, 4, 2), b.GlobalPool(max), b.Conv(2, 1)),
            1 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.GlobalPool(max), b.Pool()),
            2 => CaseEdits.Network(spec, b, (4, 4, 2), b.Plain(Flatten), b.GlobalPool(max)),
            3 => CaseEdits.Network(spec, b, (4, 4, 2), b.GlobalPool(max), b.Plain(Flatten)),
            4 => CaseEdits.Network(spec, b, (4, 4, 2), b.GlobalPool(max), b.Depthwise()),
            5 => CaseEdits.Network(spec, b, (4, 4, 2), b.GlobalPool(max), b.AveragePool()),
            _ => CaseEdits.Network(spec, b, (5, 3, 2), b.Conv(4, 3, padding: 1, activation: 1), b.GlobalPool(max), b.DenseLayer(3, 2)),
        };
    }

    private static CaseSpec AveragePoolArgument(ScenarioContext ctx, CaseSpec spec, int variant) => variant switch
    {
        0 => Set(spec, ctx, AveragePooling2D, "PoolSize", 4),
        1 => Set(spec, ctx, AveragePooling2D, "Strides", 3).Pipe(s => CaseEdits.Change(s, ctx.Random, AveragePooling2D, a => a.With("PoolSize", "int", 2, true))!),
        2 => Set(spec, ctx, AveragePooling2D, "Padding", 4, "Padding"),
        3 => CaseEdits.Network(spec, ctx.Builder, (1, 1, 3), ctx.Builder.AveragePool(3, 1)),
        _ => CaseEdits.Network(spec, ctx.Builder, (5, 5, 3), ctx.Builder.AveragePool(3, 2, padding: 1, countIncludePad: true)),
    };

    private static CaseSpec Pipe(this CaseSpec spec, System.Func<CaseSpec, CaseSpec> f) => f(spec);
}
