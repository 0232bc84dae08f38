using System;
using System.Collections.Generic;
using System.IO;

namespace ConvGen;

/// <summary>
/// A network's parameters and its weight files: saving every parameter under its name and shape, loading a file only
/// when it holds exactly this network's tensors, and checking values handed to <c>SetWeights</c> before anything
/// changes. Every refusal names what was wrong; a refused load or set leaves the network unchanged.
/// </summary>
internal static class NetworkWeights
{
    /// <summary>Writes <paramref name="parameters"/> of network <paramref name="network"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, string network, IReadOnlyList<Parameter> parameters)
    {
        var tensors = new List<WeightFile.Tensor>(parameters.Count);
        foreach (Parameter p in parameters)
        {
            tensors.Add(new WeightFile.Tensor(p.Name, p.Shape, p.Value));
        }

        WeightFile.Write(path, network, tensors);
    }

    /// <summary>Reads <paramref name="path"/> and checks it holds network <paramref name="network"/>'s tensors, in order, with their shapes.</summary>
    public static float[][] Load(string path, string network, IReadOnlyList<Parameter> parameters)
    {
        var (saved, tensors) = WeightFile.Read(path);
        if (saved != network)
        {
            throw new InvalidDataException($"Weight file '{path}' holds the weights of network '{saved}', not '{network}'.");
        }

        if (tensors.Count != parameters.Count)
        {
            throw new InvalidDataException($"Weight file '{path}' holds {tensors.Count} tensors; network '{network}' has {parameters.Count}.");
        }

        var values = new float[tensors.Count][];
        for (int i = 0; i < tensors.Count; i++)
        {
            Parameter p = parameters[i];
            WeightFile.Tensor t = tensors[i];
            if (t.Name != p.Name || !SameShape(t.Shape, p.Shape))
            {
                throw new InvalidDataException(
                    $"Weight file '{path}' tensor {i} is '{t.Name}' of shape ({string.Join(", ", t.Shape)}); network '{network}' expects '{p.Name}' of shape ({string.Join(", ", p.Shape)}).");
            }

            values[i] = t.Values;
        }

        return values;
    }

    /// <summary>A copy of every parameter's values.</summary>
    public static float[][] Copy(IReadOnlyList<Parameter> parameters)
    {
        var copy = new float[parameters.Count][];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = (float[])parameters[i].Value.Clone();
        }

        return copy;
    }

    /// <summary>Throws unless <paramref name="values"/> holds one tensor of the right length per parameter.</summary>
    public static void Check(IReadOnlyList<float[]> values, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != parameters.Count)
        {
            throw new ArgumentException($"expected {parameters.Count} tensors, got {values.Count}", nameof(values));
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentNullException(nameof(values), $"tensor {i} ('{parameters[i].Name}') is null");
            }

            if (values[i].Length != parameters[i].Length)
            {
                throw new ArgumentException($"tensor {i} ('{parameters[i].Name}') needs {parameters[i].Length} values, got {values[i].Length}", nameof(values));
            }
        }
    }

    /// <summary>Copies checked <paramref name="values"/> into the parameters.</summary>
    public static void Set(IReadOnlyList<float[]> values, IReadOnlyList<Parameter> parameters)
    {
        for (int i = 0; i < values.Count; i++)
        {
            values[i].CopyTo(parameters[i].Value, 0);
        }
    }

    private static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
