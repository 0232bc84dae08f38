using ConvGen.Onnx;

namespace ConvGen.Benchmarks.Onnx;

/// <summary>
/// The one-node ONNX model (opset 13) ONNX Runtime runs for a shape: <c>Y = Conv(X, W, B)</c>, NCHW, stride 1,
/// 'same' padding, written by ConvGen.Onnx's <see cref="OnnxModelBuilder"/> from the HWIO weights the generated
/// kernel packs (the builder converts them to ONNX's OIHW, or C × 1 × k × k for a depthwise shape).
/// </summary>
internal static class OnnxConvModel
{
    public static byte[] Build(BenchmarkShape s, float[] weightsHwio, float[] bias)
    {
        var builder = new OnnxModelBuilder(opset: 13, producer: "ConvGen.Benchmarks");
        string x = builder.Input("X", s.Batch, s.Channels, s.Height, s.Width);
        Pads same = Pads.KerasSame(s.Height, s.Width, s.KernelSize, 1);
        LayerSpec conv = s.Depthwise
            ? new DepthwiseConv2DSpec("conv", s.KernelSize, 1, same, Activation.None, UseBias: true)
            : new Conv2DSpec("conv", s.Filters, s.KernelSize, 1, same, Activation.None, UseBias: true);
        string y = builder.AddLayer(conv, x, LayerShape.Spatial(s.Height, s.Width, s.Channels), new[] { weightsHwio, bias }, output: "Y");
        builder.Output(y, s.Batch, s.Filters, s.Height, s.Width);
        return builder.ToBytes();
    }
}
