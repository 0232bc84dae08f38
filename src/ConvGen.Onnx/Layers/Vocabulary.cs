using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx;

/// <summary>
/// What ConvGen's layer attributes accept: the limits the importer checks a model against (with the layers of issue
/// 22: kernels 5 and 7, explicit pads, average and global pooling), and which of a layer's features today's
/// attributes do not have yet (<see cref="Pending"/>), so a declaration that needs them can say so.
/// </summary>
public static class Vocabulary
{
    /// <summary>Convolution kernel sizes (1 and 3 today; 5 and 7 with issue 22).</summary>
    public static IReadOnlyList<int> ConvKernelSizes { get; } = new[] { 1, 3, 5, 7 };

    /// <summary>Depthwise kernel sizes (3 today; 5 with issue 22).</summary>
    public static IReadOnlyList<int> DepthwiseKernelSizes { get; } = new[] { 3, 5 };

    /// <summary>Convolution strides.</summary>
    public static IReadOnlyList<int> ConvStrides { get; } = new[] { 1, 2 };

    /// <summary>Pooling window sizes; a pooling stride is 1 up to the window.</summary>
    public static IReadOnlyList<int> PoolSizes { get; } = new[] { 2, 3 };

    /// <summary>
    /// The features of <paramref name="layer"/> that today's attributes lack (empty when it compiles now), e.g.
    /// "5x5 kernel", "explicit pads [1, 1, 0, 0]", "average pooling".
    /// </summary>
    public static IReadOnlyList<string> Pending(GraphLayer layer)
    {
        var pending = new List<string>();
        LayerShape input = layer.Input.Count > 0 ? layer.Input[0] : default;
        switch (layer.Spec)
        {
            case Conv2DSpec c:
                if (c.KernelSize is not (1 or 3))
                {
                    pending.Add($"{c.KernelSize}x{c.KernelSize} kernel");
                }

                AddPads(pending, input, c.KernelSize, c.Strides, c.Pads);
                break;
            case DepthwiseConv2DSpec d:
                if (d.KernelSize != 3)
                {
                    pending.Add($"{d.KernelSize}x{d.KernelSize} depthwise kernel");
                }

                AddPads(pending, input, d.KernelSize, d.Strides, d.Pads);
                break;
            case MaxPool2DSpec m:
                AddPads(pending, input, m.PoolSize, m.Strides, m.Pads);
                break;
            case AveragePooling2DSpec:
                pending.Add("average pooling");
                break;
            case GlobalPooling2DSpec g:
                pending.Add(g.Max ? "global max pooling" : "global average pooling");
                break;
        }

        return pending;
    }

    /// <summary>Whether every layer of <paramref name="graph"/> compiles with today's attributes.</summary>
    public static bool CompilesToday(LayerGraph graph) => graph.Layers.All(l => Pending(l).Count == 0);

    /// <summary>How a window's pads are declared: 'valid' (none), Keras's 'same', or explicit.</summary>
    public static PaddingForm FormOf(Pads pads, LayerShape input, int kernel, int stride) =>
        pads.IsZero ? PaddingForm.Valid
        : pads == Pads.KerasSame(input.Height, input.Width, kernel, stride) ? PaddingForm.Same
        : PaddingForm.Explicit;

    private static void AddPads(List<string> pending, LayerShape input, int kernel, int stride, Pads pads)
    {
        if (FormOf(pads, input, kernel, stride) == PaddingForm.Explicit)
        {
            pending.Add($"explicit pads {pads}");
        }
    }
}

/// <summary>How a layer's pads are written in a declaration.</summary>
public enum PaddingForm
{
    /// <summary>No pads: nothing written (Keras's default 'valid').</summary>
    Valid,

    /// <summary>Keras's 'same': <c>Padding = Padding.Same</c>.</summary>
    Same,

    /// <summary>Per side: <c>Pads = new[] { top, left, bottom, right }</c> (issue 22).</summary>
    Explicit,
}
