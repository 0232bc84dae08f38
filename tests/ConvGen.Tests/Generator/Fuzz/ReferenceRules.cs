using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// The fuzzer's own statement of the declaration language, from the README ("Declaring a network", "Diagnostics")
/// and the diagnostic catalogue, written independently of the generator's parser: it infers shapes with Keras's rules
/// and says whether a case is valid, which diagnostic an invalid one deserves, and where the documentation leaves a
/// choice. The rules the documentation does not state are decided here, from what a user would expect:
/// <list type="bullet">
/// <item>a layer <c>Name</c> is data: any string (quotes, backslashes, line breaks, control characters, unicode,
/// <c>&lt;</c>, <c>&amp;</c>, braces) is valid and must reach generated code escaped. Only an exact duplicate is
/// invalid (CG0009). A name whose identifier (<c>conv2d_1</c> → <c>Conv2d1</c>) equals another layer's, a generated
/// member's, a name generated code looks up (<c>Math</c>, <c>Span</c>), the class's own, or is not an identifier at
/// all (no letter or digit, longer than 400 characters) may be renamed or rejected with a specific diagnostic;</item>
/// <item>any class name C# accepts is valid, keywords (<c>@class</c>) and contextual keywords (<c>nint</c>,
/// <c>var</c>, <c>record</c>) included, except names of generated members or looked-up names (either);</item>
/// <item>any namespace C# accepts is valid (global, <c>@if</c>, <c>System</c> or <c>ConvGen</c> inside the user's
/// namespace, file-scoped or nested);</item>
/// <item>user types, namespaces, aliases and global usings in scope never break generated code;</item>
/// <item>a language version at or above <see cref="MinimumLanguageVersion"/> is valid; below it, either the output
/// compiles or a specific diagnostic says the version is too old;</item>
/// <item><c>record</c> classes, primary constructors, <c>abstract</c> or <c>file</c> classes, <c>[Input]</c> on
/// another partial declaration than the layers, an explicit network base class: either supported or a specific
/// diagnostic, never silence;</item>
/// <item>layer attributes on a class without <c>[ConvNet]</c> are a mistake that deserves a diagnostic.</item>
/// </list>
/// </summary>
internal static class ReferenceRules
{
    public const int MaxSpatial = 4096;
    public const int MaxChannels = 65536;
    public const long MaxTensor = 1L << 28;

    /// <summary>The oldest language version the generated code must compile at (the README should state it).</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp11;

    /// <summary>Judges one class as a case of its own (the builders use it to keep what they build valid).</summary>
    public static Verdict Judge(ClassSpec spec) => Judge(new CaseSpec(0, "probe", System.Collections.Immutable.ImmutableArray.Create(spec)));

    public static Verdict Judge(CaseSpec spec)
    {
        var verdict = new Verdict();
        verdict.Tag("lang:" + spec.Language.ToDisplayString());
        verdict.Tag("nullable:" + FuzzCompiler.Effective(spec.Language, spec.Nullable));
        if (spec.Language.MapSpecifiedToEffectiveVersion() < MinimumLanguageVersion)
        {
            verdict.Either("lang:below-minimum", $"language version {spec.Language.ToDisplayString()} is below the minimum {MinimumLanguageVersion.ToDisplayString()}");
        }

        foreach (ScopeDeclaration scope in spec.ScopeOrEmpty)
        {
            verdict.Tag($"scope:{SourceRenderer.ScopeName(scope)}");
            verdict.Tag($"scope-{scope.Placement}:{SourceRenderer.ScopeName(scope)}");
            if (scope.Placement == ScopePlacement.Global && SourceRenderer.ScopeName(scope) is "System" or "ConvGen" or "nint" or "nuint")
            {
                verdict.Either("scope:global-" + SourceRenderer.ScopeName(scope), "a type named System, ConvGen, nint or nuint in the global namespace hides what generated code names: CG0024");
            }
        }

        foreach (string u in spec.GlobalUsingsOrEmpty)
        {
            verdict.Tag("global-using:" + u);
        }

        if (spec.Classes.Length > 1)
        {
            var names = spec.Classes.Select(c => (c.Namespace.Name + "." + c.SymbolName)).ToList();
            if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() < names.Distinct(StringComparer.Ordinal).Count())
            {
                verdict.Tag(spec.Classes.Select(c => c.SymbolName).Distinct(StringComparer.OrdinalIgnoreCase).Count() < spec.Classes.Select(c => c.SymbolName).Distinct(StringComparer.Ordinal).Count()
                    ? "collision:class-case" : "collision:namespace-case");
            }
        }

        foreach (ClassSpec c in spec.Classes)
        {
            JudgeClass(c, verdict);
        }

        return verdict;
    }

    private static void JudgeClass(ClassSpec c, Verdict v)
    {
        var all = c.AllAttributes;
        bool network = c.Has(ConvNet), conv = c.Has(Conv2DKernel), depthwise = c.Has(DepthwiseConv2DKernel);
        TagNamespace(c, v);
        if (!network && !conv && !depthwise)
        {
            if (all.Any(a => IsLayerOrGraph(a.Kind) || a.Kind == Input))
            {
                v.Invalid("*", "fault:no-convnet", $"'{c.SymbolName}' has layer attributes but no [ConvNet]");
            }

            return;
        }

        TagClassName(c, network, v);
        var members = MemberNames(c);
        if (members.Any(m => network ? ReservedNames.Instance.IsReservedForNetwork(m) : ReservedNames.Instance.IsReservedForKernel(m)))
        {
            v.Either("members:collide", $"a user member of '{c.SymbolName}' is named like a generated member or a looked-up name");
        }

        switch (c.TypeKeyword)
        {
            case "record" or "record class":
                v.Either("declaration:record", "a record with ConvGen attributes");
                break;
            case "class":
                break;
            default:
                v.Invalid("*", "declaration:" + c.TypeKeyword.Replace(' ', '-'), $"a {c.TypeKeyword} cannot carry class-only attributes");
                break;
        }

        if (c.Parts.Length > 1)
        {
            v.Tag("partial:parts");
        }

        if (c.Parts.Any(p => !p.Partial))
        {
            v.Invalid(c.Parts.Length == 1 ? "CG0001" : "*", "fault:not-partial", "not partial");
        }

        if (c.Outer != null)
        {
            v.Invalid("CG0002", "fault:nested", "nested class");
        }

        if (c.TypeParameters != null)
        {
            v.Invalid("CG0002", "fault:generic", "generic class");
        }

        foreach (string single in new[] { ConvNet, Input, Conv2DKernel, DepthwiseConv2DKernel })
        {
            if (all.Count(a => a.Kind == single) > 1)
            {
                v.Invalid("*", "fault:attribute-twice", $"[{single}] appears twice (C# rejects it: AllowMultiple is false)");
                v.Tag(c.Parts.Count(p => p.Attributes.Any(a => a.Kind == single)) > 1 ? "partial:attribute-on-both-parts" : "attribute-twice");
            }
        }

        if (c.PrimaryConstructor != null)
        {
            v.Either("declaration:primary-constructor", "a primary constructor");
        }

        string[] modifiers = c.Modifiers.Split(' ');
        if (modifiers.Contains("abstract"))
        {
            v.Either("declaration:abstract", "an abstract class");
        }

        if (modifiers.Contains("file"))
        {
            v.Either("declaration:file-local", "a file-local class");
        }

        if (all.Any(a => a.HasNonConstantArgument))
        {
            v.Invalid("CG0010", "fault:not-constant", "an argument is not a constant of its type");
            return;
        }

        if (network && (conv || depthwise))
        {
            v.Invalid("CG0009", "fault:network-and-kernel", "[ConvNet] with a kernel attribute");
            return;
        }

        if (network)
        {
            JudgeNetwork(c, members, v);
        }
        else
        {
            JudgeKernelClass(c, conv, depthwise, v);
        }
    }

    private static void TagNamespace(ClassSpec c, Verdict v)
    {
        if (c.Namespace.IsGlobal)
        {
            v.Tag("namespace:global");
            return;
        }

        v.Tag("namespace:" + c.Namespace.Style.ToString().ToLowerInvariant());
        foreach (string part in c.Namespace.Parts.Where(p => !p.StartsWith("Case", StringComparison.Ordinal) || !p.EndsWith('_')))
        {
            string value = Identifiers.ValueOf(part);
            if (part.StartsWith('@'))
            {
                v.Tag("namespace:keyword");
            }

            if (ReservedNames.Instance.LookedUpNames.Contains(value) || value == "ConvGen" || value == "System")
            {
                v.Tag("namespace:looked-up-name");
            }

            if (value.Any(ch => ch > 127))
            {
                v.Tag("namespace:unicode");
            }

            if (value == c.SymbolName)
            {
                v.Tag("namespace:same-as-class");
            }
        }
    }

    private static void TagClassName(ClassSpec c, bool network, Verdict v)
    {
        string name = c.SymbolName;
        if (c.Name.StartsWith('@') && SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            v.Tag("class-name:keyword");
        }

        if (Identifiers.Contextual.Contains(name))
        {
            v.Tag("class-name:contextual-keyword");
        }

        if (c.Name.Contains("\\u", StringComparison.Ordinal))
        {
            v.Tag("class-name:unicode-escape");
        }

        if (name.Any(ch => ch > 127))
        {
            v.Tag("class-name:unicode");
        }

        if (name.All(ch => !char.IsLetter(ch) || char.IsLower(ch)))
        {
            v.Tag("class-name:lowercase");
        }

        bool reserved = network ? ReservedNames.Instance.IsReservedForNetwork(name) : ReservedNames.Instance.IsReservedForKernel(name);
        if (reserved || name is "ConvGen" or "System")
        {
            v.Either("class-name:reserved", $"class name '{name}' is a generated member's or a name generated code looks up");
        }

        if (name.Length > 400)
        {
            v.Either("class-name:long", "a class name longer than 400 characters");
        }
    }

    private static void JudgeKernelClass(ClassSpec c, bool conv, bool depthwise, Verdict v)
    {
        v.Tag(conv ? "kernel-class:conv" : "kernel-class:depthwise");
        if (c.AllAttributes.Any(a => a.Kind == Input || IsLayerOrGraph(a.Kind)))
        {
            v.Invalid("CG0009", "fault:layer-on-kernel-class", "[Input] or a layer on a kernel class");
            return;
        }

        if (conv && depthwise)
        {
            v.Invalid("CG0009", "fault:two-kernel-kinds", "[Conv2DKernel] with [DepthwiseConv2DKernel]");
            return;
        }

        AttributeSpec a = c.AllAttributes.First(x => x.Kind == (conv ? Conv2DKernel : DepthwiseConv2DKernel));
        var input = CheckInput(a, v);
        if (input is null)
        {
            return;
        }

        long filters = depthwise ? input.Value.C : Arg(a, "Filters");
        var layer = CheckConv(a, c.SymbolName, new Shape(input.Value.H, input.Value.W, input.Value.C, false), filters, depthwise, v);
        if (layer != null)
        {
            v.Output = (layer.Value.Output.H, layer.Value.Output.W, layer.Value.Output.C, false);
            TagConv(layer.Value.Output, (int)Arg(a, "KernelSize"), input.Value.C, filters, (int)Arg(a, "Strides"), depthwise, v);
        }
    }

    /// <summary>A per-image shape: H×W×C, or C features when flat.</summary>
    private readonly record struct Shape(long H, long W, long C, bool Flat)
    {
        public long Length => H * W * C;

        public override string ToString() => Flat ? $"({C})" : $"({H}, {W}, {C})";
    }

    private sealed record Node(string Kind, string Name, Shape Output, int[] Inputs, int Activation);

    private static (long H, long W, long C)? CheckInput(AttributeSpec a, Verdict v)
    {
        long h = Arg(a, "Height"), w = Arg(a, "Width"), c = Arg(a, "Channels");
        bool ok = InRange(h, 1, MaxSpatial, "input height", v) & InRange(w, 1, MaxSpatial, "input width", v) & InRange(c, 1, MaxChannels, "input channels", v);
        if (!ok || !InRange(h * w * c, 1, MaxTensor, "input floats", v))
        {
            return null;
        }

        v.Tag(h * w * c > 100_000 ? "size:large-input" : "size:small-input");
        return (h, w, c);
    }

    private static bool InRange(long value, long min, long max, string what, Verdict v)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        v.Invalid("CG0004", "fault:CG0004:" + what.Replace(' ', '-'), $"{what} {value} outside {min}..{max}");
        return false;
    }

    /// <summary>The names the user's own members declare, in every part.</summary>
    private static HashSet<string> MemberNames(ClassSpec c)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (PartSpec part in c.Parts.Where(p => p.Members.Length > 0))
        {
            var type = (Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("partial class X {" + part.Members + "}")!;
            names.UnionWith(type.Members.SelectMany(ReservedNames.DeclaredNames));
        }

        return names;
    }

    private static void JudgeNetwork(ClassSpec c, HashSet<string> members, Verdict v)
    {
        v.Tag(c.IsStatic ? "network:static" : "network");
        if (!c.IsStatic && c.BaseType != null)
        {
            string b = c.BaseType.Replace("global::", string.Empty, StringComparison.Ordinal);
            if (b is "ConvGen.SequentialNetwork" or "SequentialNetwork" or "ConvGen.Network" or "Network")
            {
                v.Either("declaration:explicit-network-base", "the network base class written explicitly");
            }
            else
            {
                v.Invalid("CG0016", "fault:base-class", "a network with a base class");
                return;
            }
        }

        int layerParts = c.Parts.Count(p => p.Attributes.Any(a => IsLayerOrGraph(a.Kind)));
        if (layerParts > 1)
        {
            v.Invalid("CG0015", "fault:layers-on-two-parts", "layers on two partial declarations");
            return;
        }

        var inputs = c.AllAttributes.Where(a => a.Kind == Input).ToList();
        if (inputs.Count == 0)
        {
            v.Invalid("CG0003", "fault:no-input", "no [Input]");
            return;
        }

        int layerPart = c.LayerPart;
        if (layerParts == 1 && !c.Parts[layerPart].Attributes.Any(a => a.Kind == Input))
        {
            v.Either("partial:input-on-other-part", "[Input] on another partial declaration than the layers");
        }

        var input = CheckInput(inputs[0], v);
        if (input is null)
        {
            return;
        }

        var layers = c.Parts[layerPart].Attributes.Where(a => IsLayerOrGraph(a.Kind)).ToList();
        if (layers.Count == 0)
        {
            v.Output = (input.Value.H, input.Value.W, input.Value.C, false);
            v.Invalid("CG0014", "fault:no-layers", "no layers (a warning)");
            return;
        }

        WalkLayers(c, layers, new Shape(input.Value.H, input.Value.W, input.Value.C, false), members, v);
    }

    private static void WalkLayers(ClassSpec c, List<AttributeSpec> layers, Shape input, HashSet<string> members, Verdict v)
    {
        var nodes = new List<Node>();
        var names = new LayerNaming(c.SymbolName, members, v);
        int current = -1;
        Shape currentShape = input;
        int blockInput = -1;
        Shape blockShape = input;
        List<(int Layer, Shape Shape)>? branches = null;
        foreach (AttributeSpec a in layers)
        {
            if (a.Kind == Branch)
            {
                if (branches is null)
                {
                    branches = new();
                    blockInput = current;
                    blockShape = currentShape;
                }
                else
                {
                    branches.Add((current, currentShape));
                }

                current = blockInput;
                currentShape = blockShape;
                continue;
            }

            if (a.Kind is Concatenate or Add)
            {
                if (branches is null || branches.Count == 0)
                {
                    v.Invalid("CG0017", "fault:merge-without-branches", $"[{a.Kind}] merges fewer than two branches");
                    return;
                }

                branches.Add((current, currentShape));
                Node? merge = CheckMerge(a, branches, names, v);
                if (merge is null)
                {
                    return;
                }

                nodes.Add(merge);
                current = nodes.Count - 1;
                currentShape = merge.Output;
                branches = null;
                continue;
            }

            Node? node = CheckLayer(a, currentShape, names, v);
            if (node is null)
            {
                return;
            }

            nodes.Add(node with { Inputs = new[] { current } });
            current = nodes.Count - 1;
            currentShape = node.Output;
        }

        if (branches != null)
        {
            v.Invalid("CG0017", "fault:block-never-merged", "a block opened by [Branch] is never merged");
            return;
        }

        names.CheckIdentifiers(nodes.Select(n => n.Name).ToList());
        TagStructure(nodes, v);
        v.Output = (currentShape.H, currentShape.W, currentShape.C, currentShape.Flat);
    }

    private static Node? CheckMerge(AttributeSpec a, List<(int Layer, Shape Shape)> branches, LayerNaming names, Verdict v)
    {
        bool concatenate = a.Kind == Concatenate;
        string? name = names.Take(a, concatenate ? "concatenate" : "add");
        if (name is null)
        {
            return null;
        }

        Shape first = branches[0].Shape;
        long channels = 0;
        foreach (var (_, shape) in branches)
        {
            bool fits = concatenate ? !shape.Flat && !first.Flat && shape.H == first.H && shape.W == first.W : shape == first;
            if (!fits)
            {
                v.Invalid("CG0018", "fault:merge-shapes", $"{a.Kind} of {first} and {shape}");
                return null;
            }

            channels += shape.C;
        }

        int activation = concatenate ? 0 : (int)Arg(a, "Activation");
        if (activation is not (0 or 1 or 3))
        {
            v.Invalid("CG0011", "fault:CG0011:merge", $"activation {activation} on {a.Kind}");
            return null;
        }

        Shape output = concatenate ? first with { C = channels } : first;
        if (concatenate && (!InRange(channels, 1, MaxChannels, "concatenated channels", v) || !InRange(output.Length, 1, MaxTensor, "concatenated floats", v)))
        {
            return null;
        }

        v.Tag(concatenate ? "structure:concatenate" : "structure:add");
        if (branches.Any(b => b.Layer == branches[0].Layer && b != branches[0]) || branches.Count(b => b.Layer == -1) > 1)
        {
            v.Tag("structure:repeated-merge-input");
        }

        return new Node(a.Kind, name, output, branches.Select(b => b.Layer).ToArray(), activation);
    }

    private static Node? CheckLayer(AttributeSpec a, Shape input, LayerNaming names, Verdict v)
    {
        string? name = names.Take(a, DefaultName(a.Kind));
        if (name is null)
        {
            return null;
        }

        switch (a.Kind)
        {
            case Conv2D:
            case DepthwiseConv2D:
            {
                bool depthwise = a.Kind == DepthwiseConv2D;
                if (input.Flat)
                {
                    v.Invalid("CG0008", "fault:spatial-after-flat", $"{a.Kind} after a flat tensor");
                    return null;
                }

                long filters = depthwise ? input.C : Arg(a, "Filters");
                var conv = CheckConv(a, name, input, filters, depthwise, v);
                if (conv is null)
                {
                    return null;
                }

                TagConv(conv.Value.Output, (int)Arg(a, "KernelSize"), input.C, filters, (int)Arg(a, "Strides"), depthwise, v);
                return new Node(a.Kind, name, conv.Value.Output, Array.Empty<int>(), (int)Arg(a, "Activation"));
            }

            case MaxPool2D:
            case AveragePooling2D:
            {
                if (input.Flat)
                {
                    v.Invalid("CG0008", "fault:spatial-after-flat", $"{a.Kind} after a flat tensor");
                    return null;
                }

                long pool = Arg(a, "PoolSize"), stride = Arg(a, "Strides"), padding = Arg(a, "Padding");
                stride = stride == 0 ? pool : stride;
                if (pool is not (2 or 3))
                {
                    v.Invalid("CG0013", "fault:CG0013:pool-size", $"pool size {pool}");
                    return null;
                }

                if (stride < 1 || stride > pool)
                {
                    v.Invalid("CG0013", "fault:CG0013:stride", $"pool stride {stride}");
                    return null;
                }

                if (padding is not (0 or 1))
                {
                    v.Invalid("CG0013", "fault:CG0013:padding", $"pool padding {padding}");
                    return null;
                }

                int[]? pads = Pads(a);
                if (pads != null && !CheckPads(name, pads, pool, padding, v))
                {
                    return null;
                }

                long oh = pads is null ? OutputSize(input.H, pool, stride, padding == 1) : PaddedOutputSize(input.H, pads[0] + pads[2], pool, stride);
                long ow = pads is null ? OutputSize(input.W, pool, stride, padding == 1) : PaddedOutputSize(input.W, pads[1] + pads[3], pool, stride);
                if (oh < 1 || ow < 1)
                {
                    v.Invalid("CG0006", "fault:CG0006:pool", $"pooling {input} to {oh}x{ow}");
                    return null;
                }

                v.Tag(a.Kind == AveragePooling2D ? "layer:average-pooling" : "layer:max-pooling");
                if (a.Kind == AveragePooling2D && a.Get("CountIncludePad")?.Bool == true)
                {
                    v.Tag("layer:average-pooling-count-include-pad");
                }

                return new Node(a.Kind, name, new Shape(oh, ow, input.C, false), Array.Empty<int>(), 0);
            }

            case GlobalAveragePooling2D:
            case GlobalMaxPooling2D:
                if (input.Flat)
                {
                    v.Invalid("CG0008", "fault:spatial-after-flat", $"{a.Kind} after a flat tensor");
                    return null;
                }

                v.Tag("layer:global-pooling");
                return new Node(a.Kind, name, new Shape(1, 1, input.C, true), Array.Empty<int>(), 0);

            case Flatten:
                if (input.Flat)
                {
                    v.Invalid("CG0009", "fault:flatten-twice", "Flatten of a flat tensor");
                    return null;
                }

                return new Node(a.Kind, name, new Shape(1, 1, input.Length, true), Array.Empty<int>(), 0);

            case Dense:
            {
                if (!input.Flat)
                {
                    v.Invalid("CG0007", "fault:dense-on-spatial", "Dense on a spatial tensor");
                    return null;
                }

                long units = Arg(a, "Units");
                int activation = (int)Arg(a, "Activation");
                if (!InRange(units, 1, MaxChannels, "dense units", v) || !InRange(units * input.C, 1, MaxTensor, "dense weights", v))
                {
                    return null;
                }

                if (activation is < 0 or > 3)
                {
                    v.Invalid("CG0011", "fault:CG0011:dense", $"dense activation {activation}");
                    return null;
                }

                v.Tag("layer:dense");
                return new Node(a.Kind, name, new Shape(1, 1, units, true), Array.Empty<int>(), activation);
            }

            case Dropout:
            {
                double rate = DoubleArg(a, "Rate");
                if (!(rate >= 0 && rate < 1))
                {
                    v.Invalid("CG0012", "fault:CG0012", $"dropout rate {rate.ToString("R", CultureInfo.InvariantCulture)}");
                    return null;
                }

                return new Node(a.Kind, name, input, Array.Empty<int>(), 0);
            }

            case BatchNormalization:
            {
                double momentum = DoubleArg(a, "Momentum"), epsilon = DoubleArg(a, "Epsilon");
                int activation = (int)Arg(a, "Activation");
                if (!(momentum >= 0 && momentum < 1) || !(epsilon > 0 && epsilon < 1))
                {
                    v.Invalid("CG0004", "fault:CG0004:batch-normalization", $"momentum {momentum} / epsilon {epsilon}");
                    return null;
                }

                if (activation is not (0 or 1 or 3))
                {
                    v.Invalid("CG0011", "fault:CG0011:batch-normalization", $"batch normalization activation {activation}");
                    return null;
                }

                v.Tag(input.Flat ? "layer:batch-normalization-flat" : "layer:batch-normalization");
                return new Node(a.Kind, name, input, Array.Empty<int>(), activation);
            }

            default:
                throw new InvalidOperationException("unknown layer " + a.Kind);
        }
    }

    private static (Shape Output, int Stride)? CheckConv(AttributeSpec a, string name, Shape input, long filters, bool depthwise, Verdict v)
    {
        long kernel = Arg(a, "KernelSize"), stride = Arg(a, "Strides"), padding = Arg(a, "Padding"), activation = Arg(a, "Activation");
        bool ok = InRange(filters, 1, MaxChannels, "filters", v);
        if (depthwise ? kernel is not (3 or 5) : kernel is not (1 or 3 or 5 or 7))
        {
            v.Invalid("CG0005", "fault:CG0005:kernel-size", $"kernel size {kernel}");
            ok = false;
        }

        if (stride is not (1 or 2))
        {
            v.Invalid("CG0005", "fault:CG0005:stride", $"stride {stride}");
            ok = false;
        }

        if (padding is not (0 or 1))
        {
            v.Invalid("CG0005", "fault:CG0005:padding", $"padding {padding}");
            ok = false;
        }

        if (activation is not (0 or 1 or 3))
        {
            v.Invalid("CG0011", "fault:CG0011:conv", $"activation {activation} on a convolution");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        int[]? pads = Pads(a);
        if (pads != null && !CheckPads(name, pads, kernel, padding, v))
        {
            return null;
        }

        long oh = pads is null ? OutputSize(input.H, kernel, stride, padding == 1) : PaddedOutputSize(input.H, pads[0] + pads[2], kernel, stride);
        long ow = pads is null ? OutputSize(input.W, kernel, stride, padding == 1) : PaddedOutputSize(input.W, pads[1] + pads[3], kernel, stride);
        if (oh < 1 || ow < 1)
        {
            v.Invalid("CG0006", "fault:CG0006:conv", $"'{name}' {kernel}x{kernel} stride {stride} on {input.H}x{input.W} gives {oh}x{ow}");
            if (pads is null && padding == 0 && stride == 2 && input.H >= kernel - 1 && input.W >= kernel - 1 && (input.H < kernel || input.W < kernel))
            {
                v.Tag("structure:valid-stride2-smaller-than-kernel");
            }

            return null;
        }

        long weights = kernel * kernel * input.C * (depthwise ? 1 : filters);
        if (!InRange(oh * ow * filters, 1, MaxTensor, "convolution output floats", v) || !InRange(weights, 1, MaxTensor, "convolution weights", v))
        {
            return null;
        }

        return (new Shape(oh, ow, filters, false), (int)stride);
    }

    /// <summary>Explicit pads: floor((n + pads − k) / s) + 1, and nothing when the padded size is less than k.</summary>
    private static long PaddedOutputSize(long n, long pads, long k, long s) => n + pads >= k ? ((n + pads - k) / s) + 1 : 0;

    /// <summary>An explicit <c>Pads</c> argument (null when absent or <c>null</c>).</summary>
    private static int[]? Pads(AttributeSpec a) => a.Get("Pads")?.IntArray;

    /// <summary>The README's rule for explicit pads (CG0030): four values, each in [0, window), and <c>Padding</c> left 'valid'.</summary>
    private static bool CheckPads(string layer, int[] pads, long window, long padding, Verdict v)
    {
        v.Tag("layer:explicit-pads");
        if (pads.Length != 4)
        {
            v.Invalid("CG0030", "fault:CG0030:length", $"'{layer}' has {pads.Length} pads");
            return false;
        }

        if (pads.Any(p => p < 0 || p >= window))
        {
            v.Invalid("CG0030", "fault:CG0030:range", $"'{layer}' pads {{ {string.Join(", ", pads)} }} outside [0, {window})");
            return false;
        }

        if (padding != 0)
        {
            v.Invalid("CG0030", "fault:CG0030:with-same", $"'{layer}' has pads and Padding.Same");
            return false;
        }

        if (pads[0] != pads[2] || pads[1] != pads[3])
        {
            v.Tag("layer:asymmetric-pads");
        }

        return true;
    }

    /// <summary>Keras: 'same' gives ceil(n / s); 'valid' gives floor((n − k) / s) + 1, and nothing when k > n.</summary>
    private static long OutputSize(long n, long k, long s, bool same) => same ? (n + s - 1) / s : n >= k ? ((n - k) / s) + 1 : 0;

    private static void TagConv(Shape output, int kernel, long channels, long filters, int stride, bool depthwise, Verdict v)
    {
        v.Tag(depthwise ? "layer:depthwise" : $"layer:conv{kernel}x{kernel}");
        if (stride == 2)
        {
            v.Tag("layer:stride2");
        }

        if (!depthwise && kernel == 3 && stride == 1 && channels >= 16 && filters >= 16 && channels % 8 == 0 && filters % 8 == 0 && output.H >= 4 && output.W >= 4)
        {
            v.Tag("structure:winograd-candidate");
            if (channels * filters > 20_000_000)
            {
                v.Tag("size:winograd-huge");
            }
        }

        if (channels * filters * kernel * kernel > 4_000_000)
        {
            v.Tag("size:large-weights");
        }
    }

    private static void TagStructure(List<Node> nodes, Verdict v)
    {
        int Readers(int index) => nodes.Count(n => n.Inputs.Contains(index));
        for (int i = 0; i < nodes.Count; i++)
        {
            Node n = nodes[i];
            if (n.Kind is not Conv2D || n.Activation != 0 || Readers(i) != 1)
            {
                continue;
            }

            Node next = i + 1 < nodes.Count ? nodes[i + 1] : n;
            if (next.Kind == Add && next.Inputs.Length == 2 && next.Inputs.Contains(i))
            {
                v.Tag(next.Activation == 0 ? "structure:residual-epilogue-linear" : "structure:residual-epilogue-activated");
            }
            else if (next.Kind == BatchNormalization && next.Inputs.SequenceEqual(new[] { i }))
            {
                v.Tag("structure:bn-fold");
                Node after = i + 2 < nodes.Count ? nodes[i + 2] : n;
                if (next.Activation == 0 && Readers(i + 1) == 1 && after.Kind == Add && after.Inputs.Length == 2 && after.Inputs.Contains(i + 1))
                {
                    v.Tag(after.Activation == 0 ? "structure:folded-residual-linear" : "structure:folded-residual-activated");
                }
            }
            else if (next.Kind == Concatenate || nodes.Any(m => m.Kind == Concatenate && m.Inputs.Contains(i)))
            {
                v.Tag("structure:concatenate-slice");
            }
        }

        if (nodes.All(n => n.Kind is Flatten or Dense or Dropout or BatchNormalization))
        {
            v.Tag("structure:no-convolution");
        }
    }

    /// <summary>An argument's value, or the parameter's default when the attribute does not set it.</summary>
    private static long Arg(AttributeSpec a, string name)
    {
        if (a.Get(name) is { } arg)
        {
            return arg.Int ?? (arg.Double is double d ? (long)d : 0);
        }

        return Parameter(a.Kind, name)?.Default switch
        {
            int i => i,
            _ => 0,
        };
    }

    private static double DoubleArg(AttributeSpec a, string name) =>
        a.Get(name) is { } arg ? arg.Double ?? double.NaN : Parameter(a.Kind, name)?.Default is double d ? d : double.NaN;
}
