using System;

namespace ConvGen;

/// <summary>
/// Global average pooling (Keras's <c>GlobalAveragePooling2D</c>, ONNX's <c>GlobalAveragePool</c>): an H×W×C tensor
/// becomes its C channel means, Keras's output shape (None, C) — a flat tensor a <see cref="DenseAttribute"/> may follow.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling2DAttribute : Attribute
{
    /// <summary>Layer name; by default <c>global_average_pooling2d</c>, <c>global_average_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
