using System;

namespace ConvGen;

/// <summary>
/// Opens a branch of a block: the layers after it, up to the next <c>[Branch]</c> or merge, start from the tensor the
/// block started on. A branch with no layers is the identity (a residual shortcut). The block ends with
/// <see cref="ConcatenateAttribute"/> or <see cref="AddAttribute"/>, which merges every branch.
/// </summary>
/// <example>
/// <code>
/// [Branch] [Conv2D(64, 1, Activation = Activation.Relu)]
/// [Branch] [Conv2D(96, 1, Activation = Activation.Relu)] [Conv2D(128, 3, Padding = Padding.Same, Activation = Activation.Relu)]
/// [Branch] [MaxPool2D(3, Strides = 1, Padding = Padding.Same)] [Conv2D(32, 1, Activation = Activation.Relu)]
/// [Concatenate]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BranchAttribute : Attribute
{
}
