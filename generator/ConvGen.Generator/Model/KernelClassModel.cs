namespace ConvGen.Generator.Model
{
    /// <summary>A standalone <c>[Conv2DKernel]</c> class: where it lives and the convolution it computes.</summary>
    internal sealed record KernelClassModel(
        string? Namespace,
        string ClassName,
        string Accessibility,
        bool IsStatic,
        ConvModel Conv);
}
