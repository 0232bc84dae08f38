namespace ConvGen;

/// <summary>Spatial padding of a convolution or pooling layer, with Keras's meaning.</summary>
public enum Padding
{
    /// <summary>No padding: a k×k window shrinks each spatial side by k − 1 (Keras's default).</summary>
    Valid = 0,

    /// <summary>Zero padding so that the output is ceil(H / stride) × ceil(W / stride).</summary>
    Same = 1,
}
