using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>A parameter of an attribute: a constructor parameter or a settable property, with its type and default.</summary>
internal sealed record AttributeParameter(string Name, string Type, bool Constructor, bool Optional, object? Default);

/// <summary>
/// The attribute language as the runtime declares it, read by reflection from the attribute classes (so an argument
/// added later, such as an option on <c>[ConvNet]</c>, is fuzzed without editing the fuzzer), and the kinds the
/// reference rules know.
/// </summary>
internal static class AttributeLanguage
{
    public const string ConvNet = "ConvNet";
    public const string Input = "Input";
    public const string Conv2D = "Conv2D";
    public const string DepthwiseConv2D = "DepthwiseConv2D";
    public const string MaxPool2D = "MaxPool2D";
    public const string AveragePooling2D = "AveragePooling2D";
    public const string GlobalAveragePooling2D = "GlobalAveragePooling2D";
    public const string GlobalMaxPooling2D = "GlobalMaxPooling2D";
    public const string Flatten = "Flatten";
    public const string Dense = "Dense";
    public const string Dropout = "Dropout";
    public const string BatchNormalization = "BatchNormalization";
    public const string Branch = "Branch";
    public const string Concatenate = "Concatenate";
    public const string Add = "Add";
    public const string Conv2DKernel = "Conv2DKernel";
    public const string DepthwiseConv2DKernel = "DepthwiseConv2DKernel";

    public static IReadOnlyList<string> Layers { get; } = new[] { Conv2D, DepthwiseConv2D, MaxPool2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, Dropout, BatchNormalization };

    public static IReadOnlyList<string> Kinds { get; } = new[]
    {
        ConvNet, Input, Conv2D, DepthwiseConv2D, MaxPool2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, Dropout, BatchNormalization, Branch, Concatenate, Add,
        Conv2DKernel, DepthwiseConv2DKernel,
    };

    private static readonly Dictionary<string, IReadOnlyList<AttributeParameter>> ParametersByKind = Kinds.ToDictionary(k => k, Read);

    public static bool IsLayer(string kind) => Layers.Contains(kind);

    public static bool IsGraph(string kind) => kind is Branch or Concatenate or Add;

    public static bool IsLayerOrGraph(string kind) => IsLayer(kind) || IsGraph(kind);

    public static bool IsKernel(string kind) => kind is Conv2DKernel or DepthwiseConv2DKernel;

    /// <summary>Windowed pooling (<c>MaxPool2D</c>, <c>AveragePooling2D</c>): pool size, strides, padding or pads.</summary>
    public static bool IsPooling(string kind) => kind is MaxPool2D or AveragePooling2D;

    /// <summary>Global pooling: H×W×C → C features.</summary>
    public static bool IsGlobalPooling(string kind) => kind is GlobalAveragePooling2D or GlobalMaxPooling2D;

    /// <summary>Keras's default name prefix of a layer kind (<c>conv2d</c>, <c>max_pooling2d</c> …).</summary>
    public static string DefaultName(string kind) => kind switch
    {
        Conv2D => "conv2d",
        DepthwiseConv2D => "depthwise_conv2d",
        MaxPool2D => "max_pooling2d",
        AveragePooling2D => "average_pooling2d",
        GlobalAveragePooling2D => "global_average_pooling2d",
        GlobalMaxPooling2D => "global_max_pooling2d",
        Flatten => "flatten",
        Dense => "dense",
        Dropout => "dropout",
        BatchNormalization => "batch_normalization",
        Concatenate => "concatenate",
        Add => "add",
        _ => throw new ArgumentException("not a named layer: " + kind),
    };

    public static IReadOnlyList<AttributeParameter> Parameters(string kind) => ParametersByKind[kind];

    public static AttributeParameter? Parameter(string kind, string name) => Parameters(kind).FirstOrDefault(p => p.Name == name);

    /// <summary>The runtime's enum of that name (<c>Activation</c>, <c>Padding</c>).</summary>
    public static Type EnumType(string name) => typeof(ConvNetAttribute).Assembly.GetType("ConvGen." + name, throwOnError: true)!;

    public static Type ClrType(string kind) => typeof(ConvNetAttribute).Assembly.GetType("ConvGen." + kind + "Attribute", throwOnError: true)!;

    private static IReadOnlyList<AttributeParameter> Read(string kind)
    {
        Type type = ClrType(kind);
        ConstructorInfo ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var list = new List<AttributeParameter>();
        var ctorArgs = new List<object?>();
        foreach (ParameterInfo p in ctor.GetParameters())
        {
            // Constructor parameters are camelCase; the reference rules use the property names (PascalCase).
            string name = char.ToUpperInvariant(p.Name![0]) + p.Name.Substring(1);
            list.Add(new AttributeParameter(name, TypeName(p.ParameterType), true, p.HasDefaultValue, p.HasDefaultValue ? p.DefaultValue : null));
            ctorArgs.Add(p.HasDefaultValue ? p.DefaultValue : SampleValue(p.ParameterType));
        }

        object instance = ctor.Invoke(ctorArgs.ToArray());
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            list.Add(new AttributeParameter(p.Name, TypeName(p.PropertyType), false, true, p.GetValue(instance) is Enum e ? Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) : p.GetValue(instance)));
        }

        return list;
    }

    private static object SampleValue(Type type) =>
        type == typeof(int) ? 1 : type == typeof(double) ? 0.5 : type == typeof(bool) ? true : type == typeof(string) ? "x" : type.IsEnum ? Enum.ToObject(type, 0) : throw new NotSupportedException(type.Name);

    private static string TypeName(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) ? "int" : t == typeof(int[]) ? "int[]" : t == typeof(double) ? "double" : t == typeof(bool) ? "bool" : t == typeof(string) ? "string" : t.Name;
    }
}
