using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>A trainable tensor: its Keras-style name (<c>conv2d/kernel</c>), shape and values, plus the batch gradient.</summary>
public sealed class Parameter
{
    internal Parameter(string name, params int[] shape)
        : this(name, true, shape)
    {
    }

    internal Parameter(string name, bool trainable, params int[] shape)
    {
        Trainable = trainable;
        Name = name;
        Shape = shape;
        long length = 1;
        foreach (int d in shape)
        {
            length *= d;
        }

        Value = new float[length];
        Gradient = new float[length];
    }

    /// <summary>Layer name and role, e.g. <c>conv2d/kernel</c> or <c>dense/bias</c>.</summary>
    public string Name { get; }

    /// <summary>Dimensions: HWIO for convolution kernels, [inputs, units] for dense kernels, [n] for biases.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values (read by the kernels; written by optimisers and <c>LoadWeights</c>).</summary>
    public float[] Value { get; }

    /// <summary>The gradient of the last training step, summed over the batch's workers in a fixed order.</summary>
    public float[] Gradient { get; }

    /// <summary>False for state that is saved but not trained (batch normalisation's moving statistics).</summary>
    public bool Trainable { get; }

    /// <summary>Elements.</summary>
    public int Length => Value.Length;
}
