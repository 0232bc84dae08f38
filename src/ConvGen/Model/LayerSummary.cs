using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen;

/// <summary>One row of a network's summary, computed by the generator at compile time.</summary>
/// <param name="Name">Keras-style layer name, e.g. <c>conv2d_1</c>.</param>
/// <param name="Type">Layer type, e.g. <c>Conv2D</c>.</param>
/// <param name="OutputShape">Per-image output shape: H, W, C for spatial tensors, features for flat ones.</param>
/// <param name="Parameters">Parameters, trainable or not (Keras's "Param #").</param>
/// <param name="NonTrainableParameters">Of those, the ones not trained (batch normalisation's moving statistics).</param>
public sealed record LayerSummary(string Name, string Type, IReadOnlyList<int> OutputShape, long Parameters, long NonTrainableParameters = 0)
{
    /// <summary>Keras-style layer name, e.g. <c>conv2d_1</c>.</summary>
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>Layer type, e.g. <c>Conv2D</c>.</summary>
    public string Type { get; init; } = Type ?? throw new ArgumentNullException(nameof(Type));

    /// <summary>Per-image output shape: H, W, C for spatial tensors, features for flat ones.</summary>
    public IReadOnlyList<int> OutputShape { get; init; } = OutputShape ?? throw new ArgumentNullException(nameof(OutputShape));

    /// <summary>Keras's notation with the batch first, e.g. <c>(None, 28, 28, 32)</c>.</summary>
    public string KerasShape => "(None, " + string.Join(", ", OutputShape) + ")";

    /// <inheritdoc />
    public bool Equals(LayerSummary? other) =>
        other is not null && Name == other.Name && Type == other.Type && Parameters == other.Parameters && NonTrainableParameters == other.NonTrainableParameters && OutputShape.SequenceEqual(other.OutputShape);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Parameters, OutputShape.Count);
}
