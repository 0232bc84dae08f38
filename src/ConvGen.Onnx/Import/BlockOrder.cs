using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx.Import;

/// <summary>
/// Writes a graph of layers as a ConvGen declaration's sequence: layers one after the other, and blocks — from one
/// tensor, several branches (chains of layers, or nothing for an identity shortcut), merged by one Add or
/// Concatenate. Blocks do not nest and a branch does not fork, as in the <c>[Branch]</c> … <c>[Add]</c> syntax;
/// a graph that needs more is refused, naming the layer where it does.
/// </summary>
internal static class BlockOrder
{
    /// <summary>The layers in declaration order, each with the number of <c>[Branch]</c> markers before it.</summary>
    public static List<(int Layer, int BranchesBefore)> Of(IReadOnlyList<PendingLayer> layers, int output, Func<string, Exception> fail)
    {
        var readers = new Dictionary<int, List<int>>();
        for (int l = -1; l < layers.Count; l++)
        {
            readers[l] = new List<int>();
        }

        for (int l = 0; l < layers.Count; l++)
        {
            foreach (int input in layers[l].Inputs)
            {
                readers[input].Add(l);
            }
        }

        string Name(int l) => l < 0 ? "the network's input" : $"'{layers[l].Node}' ({layers[l].Spec.Kind})";
        bool IsMerge(int l) => layers[l].Spec is AddSpec or ConcatenateSpec;

        var order = new List<(int, int)>();
        int t = -1;
        while (t != output)
        {
            List<int> next = readers[t];
            if (next.Count == 0)
            {
                throw fail($"the graph cannot be written as a ConvGen declaration: nothing reads {Name(t)}, yet it is not the output");
            }

            if (next.Count == 1 && !IsMerge(next[0]))
            {
                order.Add((next[0], 0));
                t = next[0];
                continue;
            }

            // A block: every reader of t starts a branch; each branch is a chain that ends in the same merge.
            var branches = new List<(List<int> Chain, int End, int Merge)>();
            foreach (int first in next)
            {
                var chain = new List<int>();
                int current = first;
                while (!IsMerge(current))
                {
                    chain.Add(current);
                    List<int> after = readers[current];
                    if (after.Count != 1)
                    {
                        throw fail(after.Count == 0
                            ? $"the graph cannot be written as a ConvGen declaration: the branch from {Name(t)} through {Name(current)} never merges back (a block's branches end in one Add or Concat)"
                            : $"the graph cannot be written as a ConvGen declaration: {Name(current)}, inside a branch from {Name(t)}, is read by {after.Count} layers (a branch cannot fork: [Branch] blocks do not nest)");
                    }

                    current = after[0];
                }

                branches.Add((chain, chain.Count > 0 ? chain[^1] : t, current));
            }

            int merge = branches[0].Merge;
            if (branches.Any(b => b.Merge != merge))
            {
                int other = branches.First(b => b.Merge != merge).Merge;
                throw fail($"the graph cannot be written as a ConvGen declaration: the branches from {Name(t)} end in different merges, {Name(merge)} and {Name(other)} (blocks do not nest)");
            }

            var ends = layers[merge].Inputs.OrderBy(i => i).ToList();
            if (!ends.SequenceEqual(branches.Select(b => b.End).OrderBy(i => i)))
            {
                string inputs = string.Join(", ", layers[merge].Inputs.Select(Name));
                throw fail($"the graph cannot be written as a ConvGen declaration: {Name(merge)} merges {inputs}, not only the branches that start at {Name(t)} (blocks do not nest)");
            }

            var used = new bool[branches.Count];
            int markers = 0;
            foreach (int input in layers[merge].Inputs)
            {
                int b = Enumerable.Range(0, branches.Count).First(i => !used[i] && branches[i].End == input);
                used[b] = true;
                markers++;
                foreach (int layer in branches[b].Chain)
                {
                    order.Add((layer, markers));
                    markers = 0;
                }
            }

            order.Add((merge, markers));
            t = merge;
        }

        if (order.Count != layers.Count)
        {
            int missing = Enumerable.Range(0, layers.Count).First(l => order.All(o => o.Item1 != l));
            throw fail($"the graph cannot be written as a ConvGen declaration: {Name(missing)} is not on the way from the input to the output");
        }

        return order;
    }
}
