namespace ConvGen;

/// <summary>The activation applied to a layer's output, fused into its kernel's epilogue.</summary>
public enum Activation
{
    /// <summary>Identity (Keras's default, <c>activation=None</c>).</summary>
    None = 0,

    /// <summary>max(0, x).</summary>
    Relu = 1,

    /// <summary>Softmax over the units of a <see cref="DenseAttribute"/> (its only valid place).</summary>
    Softmax = 2,

    /// <summary>min(max(0, x), 6): MobileNet's activation.</summary>
    Relu6 = 3,
}
