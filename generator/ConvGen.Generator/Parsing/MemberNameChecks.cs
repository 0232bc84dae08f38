using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>
    /// The names the generated part adds to a class, checked against the class's name, the user's members and the
    /// members the network inherits: a layer's name reaches the code as a kernel property named after it
    /// (<see cref="LayerNames.ClassName"/>), so a clash is reported here (CG0019) instead of failing inside generated code.
    /// </summary>
    internal static class MemberNameChecks
    {
        /// <summary>The metadata name of the base class of generated networks.</summary>
        public const string NetworkBase = "ConvGen.Network";

        /// <summary>Members the generated part of every network declares (the constructor aside).</summary>
        public static readonly string[] NetworkMembers = { "InputHeight", "InputWidth", "InputChannels", "OutputLength", "ParameterCount", "Layers", "CreateLayers" };

        /// <summary>Members the generated part of a standalone kernel class declares.</summary>
        public static readonly string[] KernelMembers =
        {
            "InputHeight", "InputWidth", "InputChannels", "OutputHeight", "OutputWidth", "Filters", "KernelSize", "Stride", "InputImageLength",
            "OutputImageLength", "WeightLength", "PackedWeightLength", "Shape", "Kernel", "PackWeights", "Forward",
        };

        /// <summary>ConvGen's types that attribute arguments name unqualified (<c>Activation = Activation.Relu</c>).</summary>
        public static readonly string[] AttributeTypes = { "Activation", "Padding" };

        private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize" };

        /// <summary>Reports CG0019 for every clash of a network's generated names; returns false when there is one.</summary>
        public static bool CheckNetwork(INamedTypeSymbol type, Compilation compilation, IReadOnlyList<LayerModel> layers, Location location, List<DiagnosticInfo> diagnostics)
        {
            var generated = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (string member in NetworkMembers)
            {
                generated[member] = "a member ConvGen generates";
            }

            // A member named like ConvGen's enums would hide them inside the class, where its own attributes name them.
            foreach (string enumName in AttributeTypes)
            {
                generated[enumName] = $"the name of ConvGen's {enumName} type, which the class's attributes use ('{enumName}.…' would then mean the property)";
            }

            var kernelProperties = new List<(string Property, LayerModel Layer)>();
            foreach (LayerModel layer in layers.Where(l => l.Kind == LayerKind.Conv2D || l.Kind == LayerKind.DepthwiseConv2D))
            {
                kernelProperties.Add((layer.KernelClassName, layer));
                kernelProperties.Add((layer.KernelClassName + "Folded", layer));
            }

            Dictionary<string, string> inherited = Inherited(type, compilation);
            Dictionary<string, string> user = UserMembers(type);
            int before = diagnostics.Count;
            if (generated.ContainsKey(type.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, location, type.Name,
                    $"the class's name '{type.Name}' is the name of a member ConvGen generates in it (a member cannot be named like its class)"));
            }

            foreach (var (property, layer) in kernelProperties)
            {
                string? clash = property == type.Name ? "the class's own name (a member cannot be named like its class)"
                    : generated.TryGetValue(property, out string? g) ? g
                    : inherited.TryGetValue(property, out string? i) ? i
                    : user.TryGetValue(property, out string? u) ? u
                    : kernelProperties.Any(k => k.Property == property && !ReferenceEquals(k.Layer, layer)) ? "the kernel property of another layer"
                    : null;
                if (clash != null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, location, type.Name,
                        $"layer '{layer.Name}' gets the kernel property '{property}', which is also {clash}; give the layer another Name"));
                    break;
                }
            }

            foreach (string member in NetworkMembers.Where(user.ContainsKey))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, location, type.Name,
                    $"{user[member]} has the name of a member ConvGen generates; rename it"));
            }

            return diagnostics.Count == before;
        }

        /// <summary>Reports CG0019 for every clash of a kernel class's generated names; returns false when there is one.</summary>
        public static bool CheckKernelClass(INamedTypeSymbol type, Location location, List<DiagnosticInfo> diagnostics)
        {
            int before = diagnostics.Count;
            if (KernelMembers.Contains(type.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, location, type.Name,
                    $"the class's name '{type.Name}' is the name of a member ConvGen generates in it (a member cannot be named like its class)"));
            }

            Dictionary<string, string> user = UserMembers(type, overloadable: new[] { "PackWeights", "Forward" });
            foreach (string member in KernelMembers.Where(user.ContainsKey))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, location, type.Name,
                    $"{user[member]} has the name of a member ConvGen generates; rename it"));
            }

            return diagnostics.Count == before;
        }

        private static Dictionary<string, string> Inherited(INamedTypeSymbol type, Compilation compilation)
        {
            var names = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (string member in ObjectMembers)
            {
                names[member] = "a member of object";
            }

            for (INamedTypeSymbol? t = type.IsStatic ? null : compilation.GetTypeByMetadataName(NetworkBase); t != null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers().Where(m => m.DeclaredAccessibility != Accessibility.Private && !m.IsImplicitlyDeclared && m.CanBeReferencedByName))
                {
                    if (!names.ContainsKey(member.Name))
                    {
                        names[member.Name] = $"a member of the base class {t.Name}";
                    }
                }
            }

            return names;
        }

        private static Dictionary<string, string> UserMembers(INamedTypeSymbol type, string[]? overloadable = null)
        {
            var names = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (ISymbol member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && m.CanBeReferencedByName))
            {
                if (member is IMethodSymbol && overloadable != null && overloadable.Contains(member.Name))
                {
                    continue;
                }

                names[member.Name] = $"your member '{member.Name}'";
            }

            foreach (INamedTypeSymbol nested in type.GetTypeMembers())
            {
                names[nested.Name] = $"your nested type '{nested.Name}'";
            }

            return names;
        }
    }
}
