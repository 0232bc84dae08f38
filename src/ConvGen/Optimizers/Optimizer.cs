using System.Collections.Generic;

namespace ConvGen;

/// <summary>Updates parameters from their gradients. State (moments, velocities) is kept per parameter.</summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, float[][]> _slots = new();

    /// <summary>Step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Updates completed so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Floats of state per parameter element (Adam 2, SGD with momentum 1).</summary>
    protected abstract int SlotCount { get; }

    /// <summary>Applies one update to every parameter, from <see cref="Parameter.Gradient"/>.</summary>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        Iterations++;
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter p = parameters[i];
            if (!p.Trainable)
            {
                continue;
            }

            if (!_slots.TryGetValue(p, out float[][]? slots))
            {
                slots = new float[SlotCount][];
                for (int s = 0; s < slots.Length; s++)
                {
                    slots[s] = new float[p.Length];
                }

                _slots.Add(p, slots);
            }

            Update(p.Value, p.Gradient, slots, Iterations);
        }
    }

    /// <summary>Updates <paramref name="values"/> in place; <paramref name="iteration"/> counts from 1.</summary>
    protected abstract void Update(float[] values, float[] gradient, float[][] slots, long iteration);
}
