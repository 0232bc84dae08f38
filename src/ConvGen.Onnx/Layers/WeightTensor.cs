using System.Collections.Generic;

namespace ConvGen.Onnx;

/// <summary>One parameter of a layer in ConvGen's layout: its full name (<c>layer/kernel</c>), shape and values.</summary>
/// <param name="Name">The runtime's parameter name: the layer name, '/', the role.</param>
/// <param name="Shape">Dimensions (HWIO kernels, [inputs, units] dense kernels, [n] vectors).</param>
/// <param name="Values">Row-major values.</param>
public sealed record WeightTensor(string Name, IReadOnlyList<int> Shape, float[] Values);
