using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// The names generated code declares and looks up, read from what the generator writes for a probe declaration
/// (a network with every fusion, networks with 5×5 and 7×7 kernels, explicit pads, average and global pooling, a
/// kernel class, a depthwise kernel class), so the fuzzer follows the generator's
/// output as it changes:
/// <list type="bullet">
/// <item><see cref="NetworkMembers"/> and <see cref="KernelMembers"/>: members generated into a network or kernel
/// class (nested types and their members included), plus the network base class's members;</item>
/// <item><see cref="LookedUp"/>: simple names generated code resolves by lookup (<c>Math</c>, <c>Span</c>,
/// <c>System</c>, <c>Activation</c> …) with their generic arity: a user type or namespace of that name in scope is
/// a hazard. Names after <c>global::</c> or a dot are not looked up in the user's scope and are left out.</item>
/// </list>
/// A layer or class whose name equals one of these may collide with generated code: the reference rules accept
/// either a working build or a specific diagnostic for it.
/// </summary>
internal sealed class ReservedNames
{
    private const string Probe = """
        using ConvGen;
        namespace FuzzProbe;
        [ConvNet, Input(6, 6, 2)]
        [Conv2D(8, 3, Padding = Padding.Same), BatchNormalization]
        [Branch, Conv2D(8, 1), Branch, Add(Activation = Activation.Relu)]
        [Branch, Conv2D(4, 1, Activation = Activation.Relu), Branch, MaxPool2D(3, Strides = 1, Padding = Padding.Same), Concatenate]
        [DepthwiseConv2D(3, Padding = Padding.Same, Strides = 2), Conv2D(4, 1), BatchNormalization, Branch, Branch, Add]
        [Flatten, Dense(4, Activation = Activation.Relu), Dropout(0.5), BatchNormalization, Dense(3, Activation = Activation.Softmax)]
        public partial class ProbeNetwork { }
        [ConvNet, Input(8, 8, 2)]
        [Conv2D(4, 5, Pads = new[] { 2, 1, 2, 1 }, Activation = Activation.Relu), DepthwiseConv2D(5, Padding = Padding.Same), Conv2D(4, 7, Strides = 2, Pads = new[] { 3, 3, 2, 2 })]
        [AveragePooling2D(3, Strides = 1, Padding = Padding.Same, CountIncludePad = true), MaxPool2D(2, Pads = new[] { 1, 1, 0, 0 }), GlobalAveragePooling2D, Dense(3)]
        public partial class ProbeNetwork2 { }
        [ConvNet, Input(4, 4, 3)]
        [AveragePooling2D(2), GlobalMaxPooling2D, Dense(2)]
        public partial class ProbeNetwork3 { }
        [Conv2DKernel(4, 4, 2, 3, 3, Strides = 2, Padding = Padding.Same)] public static partial class ProbeKernel { }
        [DepthwiseConv2DKernel(4, 4, 2)] public partial class ProbeDepthwise { }
        """;

    private static readonly Lazy<ReservedNames> Lazy = new(Read);

    // The probe's own layers' classes (Conv2d, Conv2d1Folded …): named after its layers, not reserved by the generator.
    private static readonly HashSet<string> ProbeLayerClasses = new(
        new[] { "conv2d", "depthwise_conv2d", "max_pooling2d", "average_pooling2d", "global_average_pooling2d", "global_max_pooling2d", "flatten", "dense", "dropout", "batch_normalization", "concatenate", "add" }
            .SelectMany(p => Enumerable.Range(0, 20).Select(i => i == 0 ? p : p + "_" + i))
            .Select(LayerNaming.Identifier)
            .SelectMany(n => new[] { n, n + "Folded" }),
        StringComparer.Ordinal);

    private ReservedNames(ISet<string> network, ISet<string> kernel, IReadOnlyList<(string Name, int Arity)> lookedUp)
    {
        NetworkMembers = network;
        KernelMembers = kernel;
        LookedUp = lookedUp;
        LookedUpNames = new HashSet<string>(lookedUp.Select(n => n.Name), StringComparer.Ordinal);
    }

    public static ReservedNames Instance => Lazy.Value;

    public ISet<string> NetworkMembers { get; }

    public ISet<string> KernelMembers { get; }

    /// <summary>Each looked-up name with the generic arity it is used with (0 for non-generic types, namespaces and aliases), in order.</summary>
    public IReadOnlyList<(string Name, int Arity)> LookedUp { get; }

    public ISet<string> LookedUpNames { get; }

    public bool IsReservedForNetwork(string name) => NetworkMembers.Contains(name) || KernelMembers.Contains(name) || LookedUpNames.Contains(name) || name is "Activation" or "Padding";

    public bool IsReservedForKernel(string name) => KernelMembers.Contains(name) || LookedUpNames.Contains(name);

    private static ReservedNames Read()
    {
        CSharpParseOptions parse = FuzzCompiler.ParseOptions(LanguageVersion.Latest);
        CSharpCompilation compilation = FuzzCompiler.BaseCompilation(LanguageVersion.Latest, NullableContextOptions.Enable)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(Probe, parse, path: "Probe.cs"));
        GeneratorRunResult result = FuzzCompiler.RunGenerator(compilation, parse, out Compilation output, out _);
        var generated = result.GeneratedSources.Select(s => s.SyntaxTree).ToList();

        var network = new HashSet<string>(StringComparer.Ordinal);
        var kernel = new HashSet<string>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in generated)
        {
            foreach (TypeDeclarationSyntax type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                // The outermost generated type is the user's class (or a generated implementation class).
                string owner = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Last().Identifier.ValueText;
                ISet<string> into = owner.StartsWith("ProbeNetwork", StringComparison.Ordinal) ? network : kernel;
                if (type.Parent is TypeDeclarationSyntax && !ProbeLayerClasses.Contains(type.Identifier.ValueText))
                {
                    into.Add(type.Identifier.ValueText);
                }

                foreach (MemberDeclarationSyntax member in type.Members)
                {
                    foreach (string name in DeclaredNames(member))
                    {
                        into.Add(name);
                    }
                }
            }
        }

        INamedTypeSymbol? probe = output.GetTypeByMetadataName("FuzzProbe.ProbeNetwork");
        for (INamedTypeSymbol? b = probe?.BaseType; b != null && b.SpecialType != SpecialType.System_Object; b = b.BaseType)
        {
            foreach (ISymbol member in b.GetMembers().Where(m => m.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal && m.CanBeReferencedByName))
            {
                network.Add(member.Name);
            }

            network.Add(b.Name);
        }

        var lookedUp = new SortedSet<(string Name, int Arity)>();
        foreach (SyntaxTree tree in generated)
        {
            SemanticModel model = output.GetSemanticModel(tree);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!IsLookedUp(name) || !seen.Add(name.Identifier.ValueText + "`" + name.Arity))
                {
                    continue;
                }

                ISymbol? symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                if ((symbol is INamespaceSymbol || (symbol is ITypeSymbol t && t.TypeKind != TypeKind.TypeParameter) || symbol is IAliasSymbol)
                    && !ProbeLayerClasses.Contains(name.Identifier.ValueText) && name.Identifier.ValueText is not ("ProbeNetwork" or "ProbeNetwork2" or "ProbeNetwork3" or "ProbeKernel" or "ProbeDepthwise" or "FuzzProbe"))
                {
                    lookedUp.Add((name.Identifier.ValueText, name.Arity));
                }
            }

            // Attribute names are looked up with and without the suffix.
            foreach (AttributeSyntax attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                if (attribute.Name is IdentifierNameSyntax simple)
                {
                    lookedUp.Add((simple.Identifier.ValueText + "Attribute", 0));
                }
            }
        }

        // Types the generated code names only through keywords (float, int) are not hazards; 'var' and 'nint' are.
        network.ExceptWith(ProbeLayerClasses);
        kernel.ExceptWith(ProbeLayerClasses);
        kernel.ExceptWith(new[] { "ProbeKernel", "ProbeDepthwise" });
        return new ReservedNames(network, kernel, lookedUp.ToList());
    }

    /// <summary>The names a member declaration declares (a type's, a method's, each field's …).</summary>
    public static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax t => new[] { t.Identifier.ValueText },
        DelegateDeclarationSyntax d => new[] { d.Identifier.ValueText },
        MethodDeclarationSyntax m => new[] { m.Identifier.ValueText },
        PropertyDeclarationSyntax p => new[] { p.Identifier.ValueText },
        EventDeclarationSyntax e => new[] { e.Identifier.ValueText },
        BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText),
        _ => Array.Empty<string>(),
    };

    // The leftmost name of a dotted name, not after 'global::', not a member access's right side, not a declaration.
    private static bool IsLookedUp(SimpleNameSyntax name) => name.Parent switch
    {
        AliasQualifiedNameSyntax => false,
        QualifiedNameSyntax q => q.Left == name,
        MemberAccessExpressionSyntax m => m.Expression == name,
        MemberBindingExpressionSyntax => false,
        NameColonSyntax or NameEqualsSyntax => false,
        _ => true,
    };
}
