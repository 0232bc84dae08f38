using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests;

/// <summary>
/// RyuJIT compiles a method without optimisation (MinOpts) past 60,000 IL bytes, 20,000 IL instructions or 2,000
/// locals. The generator unrolls to a budget and splits or loops beyond it; these tests measure every generated
/// method by reflection and hold them well inside those limits, on the largest declared layer (512→512 3×3) and on
/// a 5×5 depthwise kernel on 13 channels (its weight gradient's partial-vector block loops over kernel rows).
/// </summary>
public class JitBudgetTests
{
    public const int MaxIlBytes = 30_000;
    public const int MaxIlInstructions = 10_000;
    public const int MaxLocals = 200;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly ITestOutputHelper _output;

    public JitBudgetTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<MethodInfo> GeneratedMethods(Type kernelType) =>
        kernelType.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public)
            .Where(t => t.Name.EndsWith("Kernel", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));

    [Theory]
    [InlineData("K33Large512")]
    [InlineData("K40Large512Stride2")]
    [InlineData("K02Seed2")]
    [InlineData("K07Incep3x3")]
    [InlineData("L21Depthwise5x5Channels13")]
    public void EveryGeneratedMethodOfALargeLayerIsInsideTheBudget(string name)
    {
        var methods = GeneratedMethods(GeneratedKernels.TypeOf(name)).ToList();
        Assert.NotEmpty(methods);
        foreach (MethodInfo method in methods)
        {
            MethodBody body = method.GetMethodBody()!;
            int bytes = body.GetILAsByteArray()!.Length;
            int instructions = CountInstructions(body.GetILAsByteArray()!);
            int locals = body.LocalVariables.Count;
            _output.WriteLine($"{method.Name}: {bytes} IL bytes, {instructions} instructions, {locals} locals");
            Assert.True(bytes <= MaxIlBytes, $"{name}.{method.Name}: {bytes} IL bytes > {MaxIlBytes}");
            Assert.True(instructions <= MaxIlInstructions, $"{name}.{method.Name}: {instructions} IL instructions > {MaxIlInstructions}");
            Assert.True(locals <= MaxLocals, $"{name}.{method.Name}: {locals} locals > {MaxLocals}");
        }
    }

    [Fact]
    public void LargestGeneratedMethodIsReported()
    {
        var sizes = GeneratedKernels.All
            .SelectMany(k => GeneratedMethods(k.Type).Select(m => (Kernel: k.Name, Method: m.Name, Bytes: m.GetMethodBody()!.GetILAsByteArray()!.Length)))
            .OrderByDescending(s => s.Bytes)
            .ToList();
        var largest = sizes[0];
        _output.WriteLine($"largest generated method: {largest.Kernel}.{largest.Method}, {largest.Bytes} IL bytes");
        Assert.InRange(largest.Bytes, 1, MaxIlBytes);
    }

    [Fact]
    public void TheSeedsSecondConvLoopsOnlyOverChannelChunksInsideATile()
    {
        // A tile's reduction (9 taps x 32 channels) is past the budget: it is one loop over chunks of channels (a
        // for loop is two branches in IL), every tap unrolled in the loop body; no other branch.
        var tiles = GeneratedMethods(GeneratedKernels.TypeOf("K39Seed2Direct")).Where(m => m.Name.StartsWith("Tile", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tiles);
        foreach (MethodInfo method in tiles)
        {
            Assert.InRange(Branches(method.GetMethodBody()!.GetILAsByteArray()!), 0, 2);
        }

        Assert.Contains(tiles, m => Branches(m.GetMethodBody()!.GetILAsByteArray()!) == 2);
    }

    private static int CountInstructions(byte[] il) => Decode(il).Count();

    private static int Branches(byte[] il) => Decode(il).Count(o => o.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch);

    private static IEnumerable<OpCode> Decode(byte[] il)
    {
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            OpCode op = OpCodes[value];
            i += op.Size;
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            yield return op;
        }
    }
}
