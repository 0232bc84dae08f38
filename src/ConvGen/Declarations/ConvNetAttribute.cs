using System;

namespace ConvGen;

/// <summary>
/// Marks a <c>partial</c> class as a sequential convolutional network. The network's input is declared with
/// <see cref="InputAttribute"/> and its layers, in order, with <see cref="Conv2DAttribute"/>,
/// <see cref="MaxPool2DAttribute"/>, <see cref="FlattenAttribute"/>, <see cref="DenseAttribute"/> and
/// <see cref="DropoutAttribute"/> on the same class declaration. ConvGen's source generator emits a specialised
/// kernel for every convolution layer.
/// </summary>
/// <example>
/// <code>
/// [ConvNet, Input(28, 28, 1)]
/// [Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
/// [MaxPool2D(2)]
/// [Flatten]
/// [Dense(10, Activation = Activation.Softmax)]
/// public partial class Tiny { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConvNetAttribute : Attribute
{
    /// <summary>
    /// Declares a network that only runs inference (e.g. one imported with trained weights): the generator emits
    /// forward kernels only — a convolution followed by batch normalisation gets just its kernel with the
    /// normalisation folded in — and <c>Fit</c> throws. Weights are loaded with <c>LoadWeights</c> or <c>SetWeights</c>.
    /// </summary>
    public bool InferenceOnly { get; set; }
}
