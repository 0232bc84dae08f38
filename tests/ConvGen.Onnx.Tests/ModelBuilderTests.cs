using System.Linq;
using ConvGen.Onnx.Tests.Support;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>OnnxModelBuilder's convolutions: ONNX Runtime runs what it writes, and the importer reads back the same layer and weights.</summary>
public sealed class ModelBuilderTests
{
    [Theory]
    [InlineData(false, 11)]
    [InlineData(true, 13)]
    [InlineData(true, 9)]
    public void ConvolutionRoundTrips(bool depthwise, int opset)
    {
        LayerShape input = LayerShape.Spatial(10, 10, 8);
        LayerSpec spec = depthwise
            ? new DepthwiseConv2DSpec("dw", 3, 2, new Pads(1, 1, 0, 0), Activation.Relu6, true)
            : new Conv2DSpec("conv", 12, 3, 1, Pads.KerasSame(10, 10, 3, 1), Activation.Relu, true);
        float[][] weights = spec.Parameters(new[] { input }).Select((p, i) => OnnxRuntimeReference.Random(p.Shape.Aggregate(1, (a, d) => a * d), 20 + i)).ToArray();

        var builder = new OnnxModelBuilder(opset, "tests");
        string x = builder.Input("x", null, input.Channels, input.Height, input.Width);
        string y = builder.AddLayer(spec, x, input, weights);
        LayerShape output = spec.OutputShape(new[] { input }).Shape;
        builder.Output(y, null, output.Channels, output.Height, output.Width);
        byte[] bytes = builder.ToBytes();

        LayerGraph graph = OnnxImporter.Import(bytes, "built.onnx");
        GraphLayer layer = Assert.Single(graph.Layers);
        Assert.Equal(spec, layer.Spec);
        Assert.Equal(weights, layer.Weights.Select(w => w.Values));

        using var folder = new TempFolder();
        string path = System.IO.Path.Combine(folder.Path, "built.onnx");
        builder.Save(path);
        float[] nchw = OnnxRuntimeReference.Random(2 * (int)input.Length, 7);
        (float[] expected, int[] shape) = OnnxRuntimeReference.Run(path, nchw, 2, input);
        Assert.Equal(new[] { 2, output.Channels, output.Height, output.Width }, shape);
        float[] actual = NchwLayout.ToNchw(LayerGraphReference.Run(graph, NchwLayout.ToNhwc(nchw, 2, 8, 10, 10), 2), 2, output.Channels, output.Height, output.Width);
        Assert.True(OnnxRuntimeReference.RelativeError(actual, expected) < 1e-5);
    }

    [Fact]
    public void WrongWeightsAreRefused()
    {
        var builder = new OnnxModelBuilder();
        string x = builder.Input("x", 1, 3, 4, 4);
        var spec = new Conv2DSpec("c", 2, 1, 1, Pads.None, Activation.None, false);
        Assert.Throws<System.ArgumentException>(() => builder.AddLayer(spec, x, LayerShape.Spatial(4, 4, 3), new[] { new float[5] }));
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new OnnxModelBuilder(opset: 6));
    }
}
