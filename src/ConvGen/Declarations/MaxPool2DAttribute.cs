using System;

namespace ConvGen;

/// <summary>A max-pooling layer (Keras's <c>MaxPooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares a square pooling window of <paramref name="poolSize"/> (default 2).</summary>
    public MaxPool2DAttribute(int poolSize = 2)
    {
        PoolSize = poolSize;
    }

    /// <summary>Window height and width.</summary>
    public int PoolSize { get; }

    /// <summary>Stride; 0 (the default) means the pool size, as in Keras.</summary>
    public int Strides { get; set; }

    /// <summary>'valid' (default: windows inside the image, the size floors) or 'same' (ceil(H / stride), padded positions ignored).</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Layer name; by default <c>max_pooling2d</c>, <c>max_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
