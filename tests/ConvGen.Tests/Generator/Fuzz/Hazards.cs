using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Hazards: declarations that are valid (or an open choice) but stress what the generator writes — names with every
/// character class, keywords, names of generated members, user types and namespaces in scope, global usings,
/// namespaces of every form, language versions, nullable contexts, case collisions, partial declarations, records,
/// primary constructors, modifiers, every spelling of attributes and arguments.
/// </summary>
internal static class Hazards
{
    /// <summary>Layer names: every character class, keywords, and names that collide with generated code.</summary>
    public static IReadOnlyList<string> LayerNames { get; } = new[]
    {
        "a\"b", "a\\b", "a\nb", "a\r\nb", "a\tb", "a\0b", "a\u0001b", "a\u2028b", "a\u0085b", "réseau", "网络层", "Ωμέγα_1", "😀x", "x\uD800y",
        "a<b", "a&b", "a>b", "a{0}b", "}{", "a'b", "@a", "$a%b#", "a*/b", "// a", "/* a", "\" + x + \"", "\\u0041", " ", "  spaced name ", "1a", "---", "_",
        "class", "int", "var", "nint", new string('n', 600), "Conv2D", "CONV2D_1", "a.b", "a-b", "a\u0301", "\u0661\u0662", "ǅungla", "a\u00A0b",
        "layers", "input_height", "forward", "shape", "kernel", "filters", "predict", "fit", "summary", "system", "math", "span", "unsafe", "vector256", "activation", "conv2d_shape", "layer_summary",
    };

    /// <summary>Names of network classes: keywords, contextual keywords, unicode, escapes, generated members' and looked-up names.</summary>
    public static IReadOnlyList<string> NetworkClassNames { get; } = new[]
    {
        "@class", "@event", "@int", "@namespace", "@this", "@object", "@string", "nint", "nuint", "var", "dynamic", "record", "async", "await", "value", "field", "notnull", "unmanaged", "global",
        "_", "__", "N_1", "Réseau", "网络", "N\\u0065t", "@Net", "net", "Ne\u200Dt", new string('N', 450),
        "Layers", "InputHeight", "OutputLength", "ParameterCount", "SequentialNetwork", "Network", "Math", "Span", "System", "ConvGen", "Activation", "Padding", "LayerSummary", "Unsafe", "CreateLayers", "Conv2d",
    };

    /// <summary>Names of standalone kernel classes.</summary>
    public static IReadOnlyList<string> KernelClassNames { get; } = new[] { "Kernel", "Shape", "Filters", "Forward", "PackWeights", "KernelSize", "@class", "nint", "var", "Math", "Vector256", "Avx2Kernel", "K\\u0065rnel" };

    /// <summary>Names of user types put in scope (with their generic arity): the issue's list and more that generated code uses.</summary>
    public static IReadOnlyList<(string Name, int Arity)> ScopeTypes { get; } = new[]
    {
        ("Activation", 0), ("Padding", 0), ("Layer", 0), ("Conv2DShape", 0), ("Math", 0), ("Unsafe", 0), ("Vector256", 0), ("Fma", 0), ("LayerSummary", 0),
        ("Network", 0), ("SequentialNetwork", 0), ("System", 0), ("ConvGen", 0), ("Span", 1), ("ReadOnlySpan", 1), ("MemoryMarshal", 0), ("Avx2", 0),
        ("Avx512F", 0), ("Vector512", 0), ("Vector256", 1), ("IReadOnlyList", 1), ("var", 0), ("nint", 0), ("MethodImplAttribute", 0), ("MethodImplOptions", 0),
        ("KernelDispatch", 0), ("LayerDefinition", 0), ("IConv2DKernel", 0), ("Int32", 0), ("GC", 0), ("Array", 0), ("Exception", 0), ("ArgumentException", 0),
    };

    /// <summary>Global usings (one variant may hold several, separated by '|'): the SDK's implicit usings, namespaces and static classes with clashing names, aliases.</summary>
    public static IReadOnlyList<string> GlobalUsingSets { get; } = new[]
    {
        "System|System.Collections.Generic|System.IO|System.Linq|System.Net.Http|System.Threading|System.Threading.Tasks",
        "System.Numerics|System.Runtime.Intrinsics.Arm|System.Runtime.Intrinsics.Wasm|System.Buffers|System.Text|System.Runtime.CompilerServices",
        "static System.Math", "static System.MathF|static System.Runtime.Intrinsics.Vector256", "static ConvGen.Activation|static ConvGen.Padding",
        "Math = System.String", "Vector256 = System.String", "Unsafe = System.String|Span = System.String", "Activation = System.String",
    };

    public static IReadOnlyList<LanguageVersion> LanguageVersions { get; } = new[]
    {
        LanguageVersion.CSharp7_3, LanguageVersion.CSharp8, LanguageVersion.CSharp9, LanguageVersion.CSharp10, LanguageVersion.CSharp11,
        LanguageVersion.CSharp12, LanguageVersion.CSharp13, LanguageVersion.Latest, LanguageVersion.Preview,
    };

    public static IReadOnlyList<Scenario> All { get; } = new[]
    {
        new Scenario("layer-name", LayerNames.Count + 3, LayerName),
        new Scenario("class-name", NetworkClassNames.Count, ClassName),
        new Scenario("kernel-class-name", KernelClassNames.Count, KernelClassName),
        new Scenario("scope-type", ScopeTypes.Count + 8, ScopeType),
        new Scenario("global-using", GlobalUsingSets.Count, GlobalUsing),
        new Scenario("namespace", 15, Namespace),
        new Scenario("language-version", LanguageVersions.Count, Language),
        new Scenario("nullable", 4, Nullable),
        new Scenario("case-collision", 4, CaseCollision),
        new Scenario("partial", 8, Partial),
        new Scenario("type-kind", 5, TypeKind),
        new Scenario("primary-constructor", 4, PrimaryConstructor),
        new Scenario("members", 7, Members),
        new Scenario("modifiers", 7, Modifiers),
        new Scenario("spelling", 16, Spelling),
        new Scenario("explicit-base", 1, ExplicitBase),
    };

    private static CaseSpec Latest(CaseSpec spec) =>
        spec.Language.MapSpecifiedToEffectiveVersion() < LanguageVersion.CSharp12 ? spec with { Language = LanguageVersion.Latest } : spec;

    private static CaseSpec LayerName(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        if (variant >= LayerNames.Count)
        {
            // Pairs: a name beside the one it collides with.
            return (variant - LayerNames.Count) switch
            {
                0 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1), b.Norm(), b.Conv(2, 1).With("Name", "string", "conv2d_folded")),
                1 => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1).With("Name", "string", "conv2d_1"), b.Conv(2, 1), b.Conv(2, 1)),
                _ => CaseEdits.Network(spec, b, (4, 4, 2), b.Conv(2, 1).With("Name", "string", "Conv"), b.Conv(2, 1).With("Name", "string", "conv")),
            };
        }

        spec = CaseEdits.EnsureLayer(spec, b, Conv2D);
        var layers = CaseEdits.Attributes(spec);
        var named = Enumerable.Range(0, layers.Length).Where(i => layers[i].Kind is Conv2D or DepthwiseConv2D or MaxPool2D or AveragePooling2D or GlobalAveragePooling2D or GlobalMaxPooling2D or Dense or Dropout or BatchNormalization or Flatten or Concatenate or Add).ToList();
        int index = named.FirstOrDefault(i => layers[i].Kind == Conv2D, named[0]);
        if (ctx.Random.Chance(0.3))
        {
            index = ctx.Random.Pick(named);
        }

        return CaseEdits.WithAttributes(spec, layers.SetItem(index, layers[index].With("Name", "string", LayerNames[variant])));
    }

    private static CaseSpec ClassName(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        if (!spec.Main.IsNetwork)
        {
            spec = CaseEdits.EnsureLayer(spec, ctx.Builder, Conv2D);
        }

        return spec.WithClass(0, spec.Main with { Name = NetworkClassNames[variant] });
    }

    private static CaseSpec KernelClassName(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        if (spec.Main.IsNetwork || !spec.Main.AllAttributes.Any(a => IsKernel(a.Kind)))
        {
            // A new class: whatever made the old one invalid C# (a fault, a second part) is gone with it.
            spec = spec.WithClass(0, ctx.Builder.KernelClass(spec.Main.Name, spec.Main.Namespace, depthwise: ctx.Random.Chance(0.3))) with { Compiler = CompilerVerdict.Accepts };
        }

        return spec.WithClass(0, spec.Main with { Name = KernelClassNames[variant] });
    }

    /// <summary>A user type or namespace of a name generated code uses, in the network's namespace, a namespace inside it, or the global namespace.</summary>
    private static CaseSpec ScopeType(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        (string name, int arity) = variant < ScopeTypes.Count ? ScopeTypes[variant] : ctx.Random.Pick(ReservedNames.Instance.LookedUp);
        var placement = variant < ScopeTypes.Count
            ? (ctx.Random.Chance(0.8) || name == "ConvGen" ? ScopePlacement.CaseNamespace : ScopePlacement.Global)
            : (variant - ScopeTypes.Count) switch { 0 or 1 => ScopePlacement.NestedNamespace, 2 when name != "ConvGen" => ScopePlacement.Global, _ => ScopePlacement.CaseNamespace };
        if (placement == ScopePlacement.NestedNamespace)
        {
            return spec with { Scope = spec.ScopeOrEmpty.Add(new ScopeDeclaration(Identifiers.Write(name), placement)) };
        }

        string typeParameters = arity == 0 ? string.Empty : "<" + string.Join(", ", Enumerable.Range(0, arity).Select(i => "T" + i)) + ">";
        string written = Identifiers.Write(name);
        string source = (arity > 0 ? ctx.Random.Next(3) : ctx.Random.Next(6)) switch
        {
            1 => $"public struct {written}{typeParameters} {{ }}",
            2 => $"public interface {written}{typeParameters} {{ }}",
            3 => $"public enum {written} {{ None, Relu, Same, Valid }}",
            4 => $"public delegate void {written}();",
            5 => $"public static class {written} {{ public static int Max(int a, int b) => a; }}",
            _ => $"public class {written}{typeParameters} {{ }}",
        };
        return spec with { Scope = spec.ScopeOrEmpty.Add(new ScopeDeclaration(source, placement)) };
    }

    private static CaseSpec GlobalUsing(ScenarioContext ctx, CaseSpec spec, int variant) =>
        Latest(spec) with { GlobalUsings = GlobalUsingSets[variant].Split('|').ToImmutableArray() };

    private static CaseSpec Namespace(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        string root = spec.Root;
        NamespaceSpec ns = variant switch
        {
            0 => NamespaceSpec.Global,
            1 => new(ImmutableArray.Create(root, "@if"), NamespaceStyle.Block),
            2 => new(ImmutableArray.Create("@if"), NamespaceStyle.Block),
            3 => new(ImmutableArray.Create(root, "System"), NamespaceStyle.Block),
            4 => new(ImmutableArray.Create(root, "ConvGen"), NamespaceStyle.FileScoped),
            5 => new(ImmutableArray.Create(root, "Unsafe"), NamespaceStyle.Block),
            6 => new(ImmutableArray.Create(root, "Réseau"), NamespaceStyle.Block),
            7 => new(ImmutableArray.Create(root, "A", "B", "C"), NamespaceStyle.Nested),
            8 => new(ImmutableArray.Create(root, "Sub"), NamespaceStyle.FileScoped),
            9 => new(ImmutableArray.Create(root, spec.Main.Name), NamespaceStyle.Block),
            10 => new(ImmutableArray.Create(root, "Math"), NamespaceStyle.Block),
            11 => new(ImmutableArray.Create(root, "@class", "@namespace"), NamespaceStyle.Nested),
            12 => new(ImmutableArray.Create(root, "Runtime", "Intrinsics"), NamespaceStyle.Block),
            13 => new(ImmutableArray.Create(root, "N\\u0065t"), NamespaceStyle.Block),
            _ => new(ImmutableArray.Create(root, "Activation"), NamespaceStyle.Block),
        };
        // Several classes (a case collision) keep what tells them apart: each its namespace's parts after the root.
        var classes = spec.Classes.Length == 1
            ? ImmutableArray.Create(spec.Main with { Namespace = ns })
            : spec.Classes.Select(c => c with { Namespace = ns with { Parts = ns.Parts.AddRange(c.Namespace.Parts.Skip(c.Namespace.Parts.IsEmpty || c.Namespace.Parts[0] != root ? 0 : 1)) } }).ToImmutableArray();
        return Latest(spec) with { Classes = classes };
    }

    /// <summary>A language version (never below what the case's own code needs: global usings, records, primary constructors, file types).</summary>
    private static CaseSpec Language(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        LanguageVersion version = LanguageVersions[variant];
        LanguageVersion required = RequiredVersion(spec);
        return spec with { Language = version.MapSpecifiedToEffectiveVersion() < required ? required : version };
    }

    /// <summary>The oldest language version the case's user code is valid C# at.</summary>
    public static LanguageVersion RequiredVersion(CaseSpec spec)
    {
        var required = LanguageVersion.CSharp7_3;
        void Need(LanguageVersion v)
        {
            if (v > required)
            {
                required = v;
            }
        }

        if (!spec.GlobalUsingsOrEmpty.IsEmpty)
        {
            Need(LanguageVersion.CSharp10);
        }

        foreach (ClassSpec c in spec.Classes)
        {
            if (c.TypeKeyword == "record")
            {
                Need(LanguageVersion.CSharp9);
            }
            else if (c.TypeKeyword.StartsWith("record ", StringComparison.Ordinal))
            {
                Need(LanguageVersion.CSharp10);
            }

            if (c.PrimaryConstructor != null && c.TypeKeyword == "class")
            {
                Need(LanguageVersion.CSharp12);
            }

            if (c.Modifiers.Split(' ').Contains("file"))
            {
                Need(LanguageVersion.CSharp11);
            }
        }

        return required;
    }

    private static CaseSpec Nullable(ScenarioContext ctx, CaseSpec spec, int variant) =>
        spec with { Nullable = (NullableContextOptions)variant };

    /// <summary>Two classes whose full names differ only in case (classes, namespaces, a kernel and a network).</summary>
    private static CaseSpec CaseCollision(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        NetworkBuilder b = ctx.Builder;
        string root = spec.Root;
        var ns = new NamespaceSpec(ImmutableArray.Create(root), NamespaceStyle.Block);
        ClassSpec Net(string name, NamespaceSpec n) => b.Network(name, n, 2);
        ImmutableArray<ClassSpec> classes = variant switch
        {
            0 => ImmutableArray.Create(Net("Net", ns), Net("NET", ns)),
            1 => ImmutableArray.Create(Net("Net", ns with { Parts = ImmutableArray.Create(root, "a") }), Net("Net", ns with { Parts = ImmutableArray.Create(root, "A") })),
            2 => ImmutableArray.Create(b.KernelClass("K", ns, false), Net("k", ns)),
            _ => ImmutableArray.Create(b.KernelClass("Kernel1", ns, false), b.KernelClass("KERNEL1", ns, true), Net("kernel1", ns)),
        };
        return spec with { Classes = classes, Compiler = CompilerVerdict.Accepts };
    }

    /// <summary>Partial declarations: attributes split over parts, on both parts, parts in other files, with members.</summary>
    private static CaseSpec Partial(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        spec = CaseEdits.EnsureLayer(spec, ctx.Builder, Conv2D);
        ClassSpec main = spec.Main;
        var attributes = main.Parts[0].Attributes;
        var convNet = attributes.Where(a => a.Kind == ConvNet).ToImmutableArray();
        var input = attributes.Where(a => a.Kind == Input).ToImmutableArray();
        var layers = attributes.Where(a => IsLayerOrGraph(a.Kind)).ToImmutableArray();
        PartSpec first = main.Parts[0];
        (ImmutableArray<PartSpec> parts, CompilerVerdict compiler) = variant switch
        {
            0 => (ImmutableArray.Create(first with { Attributes = input.AddRange(layers) }, new PartSpec(convNet, File: 1)), CompilerVerdict.Accepts),
            1 => (ImmutableArray.Create(first, new PartSpec(convNet)), CompilerVerdict.Rejects),
            2 => (ImmutableArray.Create(first, new PartSpec(input)), CompilerVerdict.Rejects),
            3 => (ImmutableArray.Create(first with { Attributes = convNet.AddRange(layers) }, new PartSpec(input, File: 1)), CompilerVerdict.Accepts),
            4 => (ImmutableArray.Create(first, new PartSpec(ImmutableArray<AttributeSpec>.Empty, File: 1)), CompilerVerdict.Accepts),
            5 => (ImmutableArray.Create(first, new PartSpec(ImmutableArray<AttributeSpec>.Empty, Members: main.IsStatic ? "public static int Extra => 42;" : "public int Extra => 42;")), CompilerVerdict.Accepts),
            6 => (ImmutableArray.Create(first with { Attributes = convNet.AddRange(input).AddRange(layers.Take(1)) }, new PartSpec(layers.Skip(1).Prepend(ctx.Builder.Conv(2, 1)).ToImmutableArray(), File: 1)), CompilerVerdict.Accepts),
            _ => (ImmutableArray.Create(first, new PartSpec(ImmutableArray<AttributeSpec>.Empty, Partial: false, File: 1)), CompilerVerdict.Rejects),
        };
        // A fault the C# compiler rejects (a non-constant argument, [ConvNet] twice) stays rejected; a declaration
        // without 'partial' cannot get a second part; a file-local class keeps its parts in one file.
        if (main.Parts.Any(p => !p.Partial))
        {
            compiler = CompilerVerdict.Rejects;
        }

        if (main.Modifiers.Split(' ').Contains("file"))
        {
            parts = parts.Select(p => p with { File = 0 }).ToImmutableArray();
        }

        return spec.WithClass(0, main with { Parts = parts }) with { Compiler = Combine(spec.Compiler, compiler) };
    }

    /// <summary>The compiler's verdict on a case changed twice: rejected if either edit makes it invalid C#.</summary>
    private static CompilerVerdict Combine(CompilerVerdict a, CompilerVerdict b) =>
        a == CompilerVerdict.Rejects || b == CompilerVerdict.Rejects ? CompilerVerdict.Rejects
        : a == CompilerVerdict.Either || b == CompilerVerdict.Either ? CompilerVerdict.Either : CompilerVerdict.Accepts;

    /// <summary>Records, record structs, structs and interfaces carrying the attributes.</summary>
    private static CaseSpec TypeKind(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        string keyword = new[] { "record", "record class", "record struct", "struct", "interface" }[variant];
        string modifiers = string.Join(" ", spec.Main.Modifiers.Split(' ').Where(m => m is not ("static" or "sealed" or "abstract")));
        return Latest(spec).WithClass(0, spec.Main with { TypeKeyword = keyword, Modifiers = modifiers, BaseType = null }) with { Compiler = variant >= 2 ? CompilerVerdict.Rejects : spec.Compiler };
    }

    private static CaseSpec PrimaryConstructor(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        string modifiers = string.Join(" ", spec.Main.Modifiers.Split(' ').Where(m => m != "static"));
        ClassSpec main = spec.Main with { Modifiers = modifiers };
        main = variant switch
        {
            0 => main with { PrimaryConstructor = "(int size)", Parts = main.Parts.SetItem(0, main.Parts[0] with { Members = "public int Size => size;" }) },
            1 => main with { PrimaryConstructor = "()" },
            2 => main with { PrimaryConstructor = "(int unused)" },
            _ => main with { PrimaryConstructor = "(string label)", Parts = main.Parts.SetItem(0, main.Parts[0] with { Members = "public string Label { get; } = label;" }) },
        };
        return Latest(spec).WithClass(0, main);
    }

    /// <summary>User members beside the generated ones: harmless, or named like generated members.</summary>
    private static CaseSpec Members(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        bool network = spec.Main.IsNetwork && !spec.Main.IsStatic;
        string members = variant switch
        {
            0 => "public static int Extra => 1;",
            1 => network ? "public override string ToString() => \"net\";" : "public static string Describe() => \"kernel\";",
            2 => "public static class Helper { }",
            3 => network ? "public static int InputHeight => 1;" : "public static int Filters => 1;",
            4 => network ? "public static int Layers;" : "public static void Forward() { }",
            5 => "public static class Conv2d { }",
            _ => "private static readonly int[] s_table = { 1 };\npublic static int First => s_table[0];",
        };
        if (spec.Main.IsStatic)
        {
            members = members.Replace("public override", "public static", StringComparison.Ordinal);
        }

        return spec.WithClass(0, spec.Main.WithPart(0, spec.Main.Parts[0] with { Members = members }));
    }

    private static CaseSpec Modifiers(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        string modifiers = new[] { "public sealed", "internal", string.Empty, "public static", "public abstract", "file", "public unsafe" }[variant];
        var compiler = variant == 6 ? CompilerVerdict.Either : CompilerVerdict.Accepts;
        if (spec.Main.TypeKeyword != "class" && modifiers.Contains("static", StringComparison.Ordinal))
        {
            modifiers = "public";
        }

        var main = spec.Main with { Modifiers = modifiers };
        if (modifiers.Contains("static", StringComparison.Ordinal))
        {
            main = main with { Parts = main.Parts.Select(p => p with { Members = string.Empty }).ToImmutableArray(), PrimaryConstructor = null, BaseType = null };
        }

        if (modifiers == "file")
        {
            // A file-local type is top level, with every part in one file.
            main = main with { Parts = main.Parts.Select(p => p with { File = 0 }).ToImmutableArray() };
            if (main.Outer != null)
            {
                compiler = CompilerVerdict.Rejects;
            }
        }

        return Latest(spec).WithClass(0, main) with { Compiler = Combine(spec.Compiler, compiler) };
    }

    /// <summary>Every argument and attribute name spelled one way: value styles 0-7 (literal … constant), names (short, suffixed, qualified, global::, alias), groupings.</summary>
    private static CaseSpec Spelling(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        ArgumentSpec Arg(ArgumentSpec a) => a with { Style = variant < 8 ? variant | (ctx.Random.Chance(0.5) ? 16 : 0) | (ctx.Random.Chance(0.5) ? 64 : 0) : a.Style };
        AttributeSpec Attribute(AttributeSpec a) => a with
        {
            Arguments = a.Arguments.Select(Arg).ToImmutableArray(),
            NameStyle = variant is >= 8 and < 13 ? variant - 8 : variant == 13 ? a.NameStyle | 8 : a.NameStyle,
        };
        var main = spec.Main with
        {
            Parts = spec.Main.Parts.Select(p => p with { Attributes = p.Attributes.Select(Attribute).ToImmutableArray(), Grouping = variant >= 14 ? variant - 13 : p.Grouping }).ToImmutableArray(),
        };
        return Latest(spec).WithClass(0, main);
    }

    private static CaseSpec ExplicitBase(ScenarioContext ctx, CaseSpec spec, int variant)
    {
        spec = CaseEdits.EnsureLayer(spec, ctx.Builder, Conv2D);
        string baseName = typeof(ConvNetAttribute).Assembly.GetType("ConvGen.Network") != null ? "global::ConvGen.Network" : "global::ConvGen.SequentialNetwork";
        return spec.WithClass(0, spec.Main with { BaseType = baseName, Modifiers = "public" }) with { Compiler = CompilerVerdict.Either };
    }
}
