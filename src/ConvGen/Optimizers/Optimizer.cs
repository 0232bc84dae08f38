using System;
using System.Collections.Generic;

namespace ConvGen;

/// <summary>Updates parameters from their gradients. State (moments, velocities) is kept per parameter.</summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, float[][]> _slots = new();
    private float _learningRate;

    /// <summary>Step size: finite and not negative (0 leaves the weights as they are).</summary>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckFinite(value, 0, float.PositiveInfinity, nameof(LearningRate));
    }

    /// <summary>Updates completed so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Floats of state per parameter element (Adam 2, SGD with momentum 1).</summary>
    protected abstract int SlotCount { get; }

    /// <summary>Applies one update to every parameter, from <see cref="Parameter.Gradient"/>.</summary>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BeginStep(parameters);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Trainable)
            {
                Update(parameters[i]);
            }
        }
    }

    /// <summary>
    /// Starts a step over <paramref name="parameters"/>: counts it and creates any missing state, so that
    /// <see cref="Update(Parameter)"/> may then run for different parameters on different threads.
    /// </summary>
    internal void BeginStep(IReadOnlyList<Parameter> parameters)
    {
        Iterations++;
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter p = parameters[i];
            if (p.Trainable && !_slots.ContainsKey(p))
            {
                var slots = new float[SlotCount][];
                for (int s = 0; s < slots.Length; s++)
                {
                    slots[s] = new float[p.Length];
                }

                _slots.Add(p, slots);
            }
        }
    }

    /// <summary>This step's update of one trainable parameter (after <see cref="BeginStep"/>).</summary>
    internal void Update(Parameter parameter) => Update(parameter.Value, parameter.Gradient, _slots[parameter], Iterations);

    /// <summary>
    /// Returns <paramref name="value"/> when it is finite and in [<paramref name="min"/>, <paramref name="max"/>); else throws
    /// <see cref="ArgumentOutOfRangeException"/> naming <paramref name="name"/> and the range.
    /// </summary>
    private protected static float CheckFinite(float value, float min, float max, string name)
    {
        if (!float.IsFinite(value) || value < min || value >= max)
        {
            string range = float.IsPositiveInfinity(max) ? $"finite and at least {min}" : $"in [{min}, {max})";
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}; got {value}.");
        }

        return value;
    }

    /// <summary>
    /// Updates <paramref name="values"/> in place; <paramref name="iteration"/> counts from 1. A training step calls
    /// it for different parameters on different worker threads at once: it may touch only this parameter's values
    /// and slots (and read the optimiser's settings).
    /// </summary>
    protected abstract void Update(float[] values, float[] gradient, float[][] slots, long iteration);
}
