using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using ConvGen.__Internals;

namespace ConvGen.Tests;

/// <summary>
/// Every generated convolution kernel of this test assembly's declarations: the standalone kernel classes (by class
/// name) and the networks' layers (<c>Network.Conv2d1</c>, <c>Network.Conv2d1Folded</c> for the batch-normalisation
/// folded kernel), each kernel once (a kernel shared by several declarations goes by the first name in order).
/// <see cref="TypeOf"/> is the generated struct that holds its code.
/// </summary>
internal static class GeneratedKernels
{
    public static IReadOnlyList<(string Name, Type Type, IConv2DKernel Kernel)> All { get; } = Discover();

    public static IEnumerable<object[]> Names() => All.Select(k => new object[] { k.Name });

    public static IConv2DKernel Get(string name) => Named.Value[name];

    public static Type TypeOf(string name) => StructOf(Get(name));

    /// <summary>The generated struct behind a kernel: the type argument of its runtime adapter.</summary>
    public static Type StructOf(IConv2DKernel kernel) => kernel.GetType().GetGenericArguments().Single();

    // Every name, including those of kernels shared with an earlier name.
    private static readonly Lazy<Dictionary<string, IConv2DKernel>> Named = new(() => Declared().ToDictionary(k => k.Name, k => k.Kernel, StringComparer.Ordinal));

    private static List<(string, Type, IConv2DKernel)> Discover()
    {
        var seen = new HashSet<IConv2DKernel>(ReferenceEqualityComparer.Instance);
        return Declared().Where(k => seen.Add(k.Kernel)).Select(k => (k.Name, StructOf(k.Kernel), k.Kernel)).ToList();
    }

    private static IEnumerable<(string Name, IConv2DKernel Kernel)> Declared()
    {
        var found = new List<(string, IConv2DKernel)>();
        foreach (Type type in typeof(GeneratedKernels).Assembly.GetTypes().Where(t => t.Namespace == "ConvGen.Tests.Declarations"))
        {
            if (type.GetProperty("Kernel", BindingFlags.Public | BindingFlags.Static) is { } property && property.GetValue(null) is IConv2DKernel kernel)
            {
                found.Add((type.Name, kernel));
            }
            else if (typeof(Network).IsAssignableFrom(type))
            {
                foreach (LayerDefinition definition in Definitions(type))
                {
                    if (definition is LayerDefinition.Conv2DDefinition conv)
                    {
                        string layer = type.Name + "." + ClassName(conv.Name);
                        if (conv.Kernel is not GenericConv2DKernel)
                        {
                            found.Add((layer, conv.Kernel));
                        }

                        if (conv.FoldedKernel is not null)
                        {
                            found.Add((layer + "Folded", conv.FoldedKernel));
                        }
                    }
                }
            }
        }

        return found.OrderBy(k => k.Item1, StringComparer.Ordinal);
    }

    /// <summary>The layers a generated network hands the runtime.</summary>
    public static LayerDefinition[] Definitions(Type network) =>
        (LayerDefinition[])network.GetMethod("CreateLayers", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;

    // conv2d_1 -> Conv2d1: a letter after anything but a letter or digit is capitalised.
    private static string ClassName(string layer)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char c in layer)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return text.ToString();
    }
}
