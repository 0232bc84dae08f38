using System.Collections.Generic;

namespace ConvGen.Onnx;

/// <summary>
/// A layer of a <see cref="LayerGraph"/>: what it is, which tensors it reads, its output shape, its parameters, and
/// where it came from (for messages). <see cref="BranchesBefore"/> is how many <c>[Branch]</c> markers a declaration
/// writes right before it: 1 for the first layer of a branch, and for a merge the empty branches (identity
/// shortcuts) that come last.
/// </summary>
/// <param name="Spec">The layer.</param>
/// <param name="Inputs">Indices of the layers it reads (−1: the network's input), in order.</param>
/// <param name="Input">Shapes of those inputs.</param>
/// <param name="Output">Its output shape.</param>
/// <param name="Weights">Its parameters in the runtime's order and layouts.</param>
/// <param name="BranchesBefore">[Branch] markers written before it.</param>
/// <param name="Source">The ONNX nodes it was made of, e.g. <c>/conv1/Conv (Conv) + /Relu (Relu)</c>.</param>
public sealed record GraphLayer(
    LayerSpec Spec,
    IReadOnlyList<int> Inputs,
    IReadOnlyList<LayerShape> Input,
    LayerShape Output,
    IReadOnlyList<WeightTensor> Weights,
    int BranchesBefore,
    string Source);
