using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ConvGen.Tests;

/// <summary>Every generated convolution kernel in this test assembly, found through its static <c>Kernel</c> property.</summary>
internal static class GeneratedKernels
{
    public static IReadOnlyList<(string Name, Type Type, IConv2DKernel Kernel)> All { get; } = Discover();

    public static IEnumerable<object[]> Names() => All.Select(k => new object[] { k.Name });

    public static IConv2DKernel Get(string name) => All.Single(k => k.Name == name).Kernel;

    public static Type TypeOf(string name) => All.Single(k => k.Name == name).Type;

    private static List<(string, Type, IConv2DKernel)> Discover()
    {
        var found = new List<(string, Type, IConv2DKernel)>();
        foreach (Type type in typeof(GeneratedKernels).Assembly.GetTypes())
        {
            PropertyInfo? property = type.GetProperty("Kernel", BindingFlags.Public | BindingFlags.Static);
            if (property?.PropertyType == typeof(IConv2DKernel) && property.GetValue(null) is IConv2DKernel kernel)
            {
                string name = type.DeclaringType is null ? type.Name : type.DeclaringType.Name + "." + type.Name;
                found.Add((name, type, kernel));
            }
        }

        return found.OrderBy(k => k.Item1, StringComparer.Ordinal).ToList();
    }
}
