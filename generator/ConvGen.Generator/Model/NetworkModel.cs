namespace ConvGen.Generator.Model
{
    /// <summary>What the emitter needs to write a network class: its name and its layers with shapes.</summary>
    internal sealed record NetworkModel(
        string? Namespace,
        string ClassName,
        string Accessibility,
        bool IsStatic,
        TensorShape Input,
        EquatableArray<LayerModel> Layers);
}
