using System;

namespace ConvGen;

/// <summary>A fully connected layer (Keras's <c>Dense</c>) on a flat tensor.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer of <paramref name="units"/> outputs.</summary>
    public DenseAttribute(int units)
    {
        Units = units;
    }

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>Activation: none, ReLU, or softmax.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Whether the layer adds a bias. Default true.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Layer name; by default <c>dense</c>, <c>dense_1</c>, ….</summary>
    public string? Name { get; set; }
}
