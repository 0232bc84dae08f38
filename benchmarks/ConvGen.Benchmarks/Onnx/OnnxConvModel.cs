using ConvGen.Onnx;

namespace ConvGen.Benchmarks.Onnx;

/// <summary>
/// The one-node ONNX model (opset 13) ONNX Runtime runs for a shape: <c>Y = Conv(X, W, B)</c>, NCHW, with the generated
/// kernel's stride and padding (its 'same' padding as explicit pads, Keras's split; explicit pads as declared), written by ConvGen.Onnx's <see cref="OnnxModelBuilder"/> from the HWIO weights the generated
/// kernel packs (the builder converts them to ONNX's OIHW, or C × 1 × k × k for a depthwise shape).
/// </summary>
internal static class OnnxConvModel
{
    public static byte[] Build(BenchmarkShape s, float[] weightsHwio, float[] bias)
    {
        var builder = new OnnxModelBuilder(opset: 13, producer: "ConvGen.Benchmarks");
        string x = builder.Input("X", s.Batch, s.Channels, s.Height, s.Width);
        Conv2DShape g = s.Geometry;
        Pads pads = g.Pads is ExplicitPads p ? new Pads(p.Top, p.Left, p.Bottom, p.Right)
            : g.Padding == Padding.Same ? Pads.KerasSame(s.Height, s.Width, s.KernelSize, g.Stride)
            : Pads.None;
        LayerSpec conv = s.Depthwise
            ? new DepthwiseConv2DSpec("conv", s.KernelSize, g.Stride, pads, Activation.None, UseBias: true)
            : new Conv2DSpec("conv", s.Filters, s.KernelSize, g.Stride, pads, Activation.None, UseBias: true);
        string y = builder.AddLayer(conv, x, LayerShape.Spatial(s.Height, s.Width, s.Channels), new[] { weightsHwio, bias }, output: "Y");
        builder.Output(y, s.Batch, s.Filters, g.OutputHeight, g.OutputWidth);
        return builder.ToBytes();
    }
}
