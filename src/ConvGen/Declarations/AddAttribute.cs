using System;

namespace ConvGen;

/// <summary>Ends a block of <see cref="BranchAttribute"/> branches by adding their outputs (same shape), then an optional activation: a residual connection.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AddAttribute : Attribute
{
    /// <summary>Activation after the sum: None, Relu or Relu6.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Layer name; by default <c>add</c>, <c>add_1</c>, ….</summary>
    public string? Name { get; set; }
}
