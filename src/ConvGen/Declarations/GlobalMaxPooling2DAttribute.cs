using System;

namespace ConvGen;

/// <summary>
/// Global max pooling (Keras's <c>GlobalMaxPooling2D</c>, ONNX's <c>GlobalMaxPool</c>): an H×W×C tensor becomes its C
/// channel maxima, Keras's output shape (None, C).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling2DAttribute : Attribute
{
    /// <summary>Layer name; by default <c>global_max_pooling2d</c>, <c>global_max_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
