using System;

namespace ConvGen;

/// <summary>Ends a block of <see cref="BranchAttribute"/> branches by concatenating their outputs along the channels (same H×W).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConcatenateAttribute : Attribute
{
    /// <summary>Layer name; by default <c>concatenate</c>, <c>concatenate_1</c>, ….</summary>
    public string? Name { get; set; }
}
