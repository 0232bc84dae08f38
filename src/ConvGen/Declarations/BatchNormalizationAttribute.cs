using System;

namespace ConvGen;

/// <summary>
/// Batch normalisation per channel (Keras's <c>BatchNormalization</c>): while training, the batch's mean and variance
/// normalise the input and update moving averages (momentum 0.99); at inference the moving statistics are used, and
/// when the layer follows a convolution they are folded into that convolution's weights and bias. An activation
/// (None, Relu, Relu6) can follow the normalisation: MobileNet's depthwise → BN → ReLU6.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormalizationAttribute : Attribute
{
    /// <summary>Momentum of the moving averages. Default 0.99.</summary>
    public double Momentum { get; set; } = 0.99;

    /// <summary>Added to the variance. Default 0.001.</summary>
    public double Epsilon { get; set; } = 0.001;

    /// <summary>Activation applied after normalising: None, Relu or Relu6.</summary>
    public Activation Activation { get; set; } = Activation.None;

    /// <summary>Layer name; by default <c>batch_normalization</c>, <c>batch_normalization_1</c>, ….</summary>
    public string? Name { get; set; }
}
