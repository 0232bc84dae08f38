using System;

namespace ConvGen;

/// <summary>Flattens an H×W×C tensor into H·W·C features (NHWC order, as Keras does).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
    /// <summary>Layer name; by default <c>flatten</c>.</summary>
    public string? Name { get; set; }
}
