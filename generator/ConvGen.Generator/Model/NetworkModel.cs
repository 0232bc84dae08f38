namespace ConvGen.Generator.Model
{
    /// <summary>
    /// What the emitter needs to write a network class: its name, its layers with shapes, and whether it was declared
    /// <c>[ConvNet(InferenceOnly = true)]</c> (forward kernels only).
    /// </summary>
    internal sealed record NetworkModel(
        string? Namespace,
        string ClassName,
        string Accessibility,
        bool IsStatic,
        TensorShape Input,
        EquatableArray<LayerModel> Layers,
        bool InferenceOnly = false);
}
