using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// A class of failures today's generator is known to have: which issue item it is, how to recognise it (the
/// failure's kind and code and the case's tags) and a minimal declaration that shows it.
/// </summary>
internal sealed record KnownFailure(string Id, string Issue, string Summary, Func<CaseOutcome, Failure, bool> Matches, string Reproducer);

/// <summary>
/// The catalogue of failure classes the fuzzer finds in today's generator (details, reproducers and causes:
/// fuzz-findings.md of the fuzz task). The fuzz test fails when a failure matches no entry (a new class) and, for a run
/// that covers the prelude, when an entry matches nothing (fixed: delete it). The fixes of issue 21 empty this list;
/// an entry is deleted in the commit that fixes it.
/// </summary>
internal static class KnownFailures
{
    private static bool InGenerated(Failure f) => f.Kind is FailureKind.GeneratedCodeError or FailureKind.GeneratedCodeWarning or FailureKind.UserCodeDiagnostic;

    private static bool Tagged(CaseOutcome o, params string[] prefixes) => prefixes.Any(o.Verdict.HasTag);

    // K01 (Net/NET), K03 (namespace @if), K04 (class @class) and K12 (CS0220 in 5120x5120 Winograd constants) no
    // longer occur on issue 19's generator (hashed hint names, escaped identifiers, long constants).
    public static IReadOnlyList<KnownFailure> All { get; } = new KnownFailure[]
    {
        new("K02", "issue 21: CS8785 with [ConvNet] or a kernel attribute on both partial parts",
            "an attribute that may appear once on both parts (C# reports CS0579): the class is found twice, its hint name added twice, the generator throws",
            (o, f) => f.Kind == FailureKind.Crash && Tagged(o, "fault:attribute-twice"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class Net { }  [ConvNet] public partial class Net { }"),
        new("K05", "issue 21: output does not compile for a class named nint (and other names generated code uses)",
            "a class named like a type or member the generated code refers to (nint, Math, Span, Vector256, Activation, Layers, InputHeight, SequentialNetwork; a kernel class named Kernel, Shape or Filters): CS0542, CS0117, CS0030, CS1729 …",
            (o, f) => InGenerated(f) && Tagged(o, "class-name:reserved"),
            "[Conv2DKernel(2, 2, 1, 1, 1)] public static partial class Kernel { }  // CS0542; also class nint, Math, Layers …"),
        new("K06", "issue 21: a layer Name holding a quote, backslash or line break goes into the source unescaped",
            "names are written raw into string literals (LayerSummary, LayerDefinition) and into /// comments: a quote breaks the literal, a line break (\\n, \\r, U+2028, U+2029, U+0085) ends the literal or the comment line and the rest becomes code, a backslash starts an escape sequence ('a\\b' compiles as 'a', backspace; '\\u0041' as 'A')",
            (o, f) => (InGenerated(f) || f.Kind == FailureKind.NameAltered) && Tagged(o, "name:quote", "name:backslash", "name:newline", "name:carriage-return", "name:line-separator"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1, Name = \"a\\\"b\")] public partial class Net { }"),
        new("K07", "issue 21: CS1570 in generated code",
            "a layer name with '<', '&', a control character, NUL or a lone surrogate goes into /// <summary> unescaped (only '>' is replaced)",
            (o, f) => f.Kind == FailureKind.GeneratedCodeWarning && f.Code == "CS1570" && Tagged(o, "name:xml", "name:control", "name:nul", "name:surrogate", "name:lone-surrogate"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1, Name = \"a<b\")] public partial class Net { }"),
        new("K08", "issue 21: a layer name that collides with a generated member",
            "the kernel class named after the layer (layers → Layers, input_height → InputHeight, shape, kernel, forward, predict, span, math, activation, conv2d_folded beside a folded conv2d …) collides with a generated or inherited member or shadows a type the generated code uses: CS0542, CS0102, CS0117, CS0229, CS1503, CS0108 …",
            (o, f) => InGenerated(f) && Tagged(o, "name:reserved", "name:identifier-collision"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1, Name = \"layers\")] public partial class Net { }"),
        new("K09", "issue 21: user types named Activation, Padding, Math, Unsafe, Vector256, Fma, LayerSummary … in scope",
            "generated code names runtime and BCL types unqualified; a user type, namespace or global alias of the same name in scope captures them",
            (o, f) => InGenerated(f) && Tagged(o, "scope:", "global-using:", "namespace:looked-up-name"),
            "namespace N { public class Math { }  [ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class Net { } }"),
        new("K10", "issue 21: a primary constructor on a network class",
            "the generated constructor does not chain to the primary constructor (CS8862), or duplicates a parameterless one (CS0111); the user's code then fails to call it (CS7036)",
            (o, f) => InGenerated(f) && Tagged(o, "declaration:primary-constructor"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class Net(int size) { public int Size => size; }"),
        new("K11", "issue 21: LangVersion 7.3 and 8",
            "generated code needs C# 9 (#nullable and default interface members at 7.3, nint at 8) and no diagnostic says so",
            (o, f) => InGenerated(f) && Tagged(o, "lang:below-minimum"),
            "// <LangVersion>8</LangVersion>\n[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class Net { }"),
        new("K13", "issue 21: a concatenation past 2^28 floats or 65,536 channels is accepted; past 2^31 it ends in CG9999",
            "ParseMerge checks neither the summed channels nor the merged tensor's floats; Flatten's checked((int)Length) then throws OverflowException",
            (o, f) => (f.Kind == FailureKind.InvalidAccepted && f.Code == "CG0004" || f.Kind == FailureKind.InternalError && f.Code == "OverflowException") && Tagged(o, "fault:CG0004:concatenated"),
            "[ConvNet, Input(1, 1, 40000), Branch, Branch, Concatenate] public partial class Net { }"),
        new("K14", "issue 21: a 3×3 stride-2 'valid' convolution on 2×2 (depthwise on 2×5) is accepted",
            "ConvModel.OutputSize computes (n − k) / s + 1 with C#'s truncating division: (2 − 3) / 2 + 1 = 1 instead of 0",
            (o, f) => f.Kind == FailureKind.InvalidAccepted && f.Code == "CG0006" && Tagged(o, "structure:valid-stride2-smaller-than-kernel"),
            "[ConvNet, Input(2, 2, 3), Conv2D(4, 3, Strides = 2)] public partial class Net { }"),
        new("K15", "issue 21: record and record struct declarations are silently ignored",
            "the syntax predicates accept ClassDeclarationSyntax only: a record gets neither code nor a diagnostic (record struct: C# reports CS0592 itself)",
            (o, f) => f.Kind is FailureKind.Silent or FailureKind.InvalidAccepted && Tagged(o, "declaration:record"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial record Net { }"),
        new("K16", "issue 21 (reported by another helper): a linear convolution feeding a two-input Add",
            "ConvKernelEmitter.EmitEpilogue writes 'a0_0 + Vector256.LoadUnsafe(ref r, 0).StoreUnsafe(ref o, 0);' (the sum not parenthesised) for whole vectors when the Add has no activation (CS0019)",
            (o, f) => f.Kind == FailureKind.GeneratedCodeError && f.Code == "CS0019" && Tagged(o, "structure:residual-epilogue-linear", "structure:folded-residual-linear"),
            "[ConvNet, Input(3, 3, 8), Branch, Conv2D(8, 3, Padding = Padding.Same), Branch, Add] public partial class Net { }"),
        new("K17", "new: generated code repeats the warnings of a lower-case class name",
            "a class named net, value, record … gets CS8981/CS8860 again on the generated 'partial class net' (the user cannot silence it in their own file)",
            (o, f) => f.Kind == FailureKind.GeneratedCodeWarning && f.Code is "CS8981" or "CS8860" && Tagged(o, "class-name:lowercase", "class-name:contextual-keyword"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class net { }"),
        new("K18", "new: a user member named like a generated member",
            "a user member InputHeight, Layers, Conv2d (a kernel class's name) … beside the generated one: CS0102/CS0229 inside generated code instead of a diagnostic naming the member",
            (o, f) => InGenerated(f) && Tagged(o, "members:collide"),
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class Net { public static int InputHeight => 1; }"),
        new("K19", "new: layer attributes without [ConvNet] are silently ignored",
            "a class with [Input] and layers but no [ConvNet] gets no code and no diagnostic",
            (o, f) => f.Kind == FailureKind.InvalidAccepted && Tagged(o, "fault:no-convnet"),
            "[Input(2, 2, 1), Conv2D(1, 1)] public partial class Net { }"),
        new("K20", "new: hint names grow with the class and namespace names",
            "the hint name is the full name plus .g.cs: a 450-character class name gives a 460-byte file name, which the compiler cannot write to disk with EmitCompilerGeneratedFiles (255-byte file names on Linux and macOS, 260-character paths on Windows)",
            (o, f) => f.Kind == FailureKind.LongHintName,
            "[ConvNet, Input(2, 2, 1), Conv2D(1, 1)] public partial class NNN…(450 characters) { }"),
    };

    public static KnownFailure? Match(CaseOutcome outcome, Failure failure) => All.FirstOrDefault(k => k.Matches(outcome, failure));
}
