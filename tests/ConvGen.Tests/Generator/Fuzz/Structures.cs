using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Valid networks of a given structure the random builder reaches only sometimes: every fusion the generator makes
/// (residual epilogues after a linear or activated Add, folded normalisation with and without a residual, concatenation
/// slices), Winograd layers (one at the largest channel counts), sizes at the limits, identity-only blocks, deep
/// stacks, networks without convolutions, static networks, outputs of 1 MB and more (streamed stores).
/// </summary>
internal static class Structures
{
    public static IReadOnlyList<Scenario> All { get; } = new[] { new Scenario("structure", 19, Build) };

    private static CaseSpec Build(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        AttributeSpec br = b.Plain(Branch);
        int c = ctx.Random.Next(1, 4);
        return variant switch
        {
            0 => CaseEdits.Network(spec, b, (3, 3, 8), br, b.Conv(8, 3, padding: 1), br, b.Attribute(Add)),
            1 => CaseEdits.Network(spec, b, (3, 3, 8), br, b.Conv(8, 1), br, b.Attribute(Add, ("Activation", 1))),
            2 => CaseEdits.Network(spec, b, (3, 3, 8), br, b.Conv(8, 1, bias: false), b.Norm(), br, b.Attribute(Add)),
            3 => CaseEdits.Network(spec, b, (3, 3, 9), br, b.Conv(9, 3, padding: 1), b.Norm(), br, b.Attribute(Add, ("Activation", 3))),
            4 => CaseEdits.Network(spec, b, (4, 4, c), br, b.Conv(2, 1), br, b.Conv(3, 1, activation: 1), br, b.Pool(3, 1, 1), b.Plain(Concatenate)),
            5 => CaseEdits.Network(spec, b, (8, 8, 16), b.Conv(16, 3, padding: 1, activation: 1)),
            6 => CaseEdits.Kernel(spec, b.Attribute(Conv2DKernel, ("Height", 8), ("Width", 8), ("Channels", 5120), ("Filters", 5120), ("KernelSize", 3), ("Padding", 1))),
            7 => CaseEdits.Network(spec, b, (4096, 4096, 16), b.Plain(Flatten), b.DenseLayer(1)),
            8 => CaseEdits.Network(spec, b, (6, 6, c), b.Depthwise(2, 1, 1), b.Depthwise(1, 0, 0), b.Norm()),
            9 => CaseEdits.Network(spec, b, (3, 3, c), br, br, b.Attribute(Add), br, br, b.Plain(Concatenate)),
            10 => CaseEdits.Network(spec, b, (2, 2, 1), Enumerable.Range(0, 9).Select(i => i % 3 == 2 ? b.Norm(1) : b.Conv(1, 1, 1, 1)).ToArray()),
            11 => CaseEdits.Network(spec, b, (5, 7, 3), b.Plain(Flatten), b.DenseLayer(4, 1), b.Norm(), b.Drop(0.5), b.DenseLayer(3, 2)),
            12 => CaseEdits.Network(spec, b, (4, 4, c), b.Conv(2, 1, activation: 1)).Pipe(s => s.WithClass(0, s.Main with { Modifiers = "public static" })),
            13 => CaseEdits.Network(spec, b, (1, 1, c), b.Conv(2, 3, padding: 1), b.Conv(2, 3, 2, 1)),
            14 => CaseEdits.Network(spec, b, (2, 2, 1), Enumerable.Range(0, 12).Select(_ => b.Conv(1, 1)).ToArray()),
            15 => CaseEdits.Network(spec, b, (4, 4, c), br, b.Conv(c, 3, 2, 1), br, b.Conv(c, 1, 2), b.Attribute(Add, ("Activation", 1)), b.Plain(Flatten), b.DenseLayer(2)),
            16 => CaseEdits.Network(spec, b, (3, 3, c), b.Conv(2, 1, bias: false), b.Norm(1), br, b.Conv(2, 3, padding: 1), b.Norm(), br, b.Attribute(Add, ("Activation", 1))),
            17 => CaseEdits.Network(spec, b, (1, 1, 65536), b.Plain(Flatten), b.DenseLayer(4096)),
            _ => CaseEdits.Network(spec, b, (512, 512, 1), b.Conv(1, 1, activation: 1), b.Pool()),
        };
    }

    private static CaseSpec Pipe(this CaseSpec spec, System.Func<CaseSpec, CaseSpec> f) => f(spec);
}
