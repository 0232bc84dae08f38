using System;
using ConvGen.Onnx.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests;

/// <summary>
/// Every model, imported, then run by the double-precision reference straight from the layer graph, against ONNX
/// Runtime on the same file: the importer's reading (pads, ceil_mode, count_include_pad, layouts, Flatten order,
/// folded activations, biases and Softmax) is right, including for layers today's attributes cannot declare yet.
/// </summary>
public sealed class ReferenceTests(ITestOutputHelper log)
{
    public static TheoryData<string, int> Models()
    {
        var data = new TheoryData<string, int>();
        string[] models =
        {
            "plain_cnn_op7", "plain_cnn_op11", "plain_cnn_op17", "resnet_style_op9", "resnet_style_op15",
            "mobilenet_v2_features_op10", "mobilenet_v2_features_op13", "mobilenet_v2_style_op13",
            "inception_lite_op13", "inception_style_op13", "pads_pools_op11", "pads_pools_op19",
        };
        foreach (string model in models)
        {
            data.Add(model, 1);
            data.Add(model, 3);
        }

        for (int opset = 7; opset <= 21; opset++)
        {
            data.Add($"opset_cnn_op{opset}", 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ImportedGraphComputesWhatOnnxRuntimeComputes(string model, int batch) => Compare(ModelFiles.Model(model), batch, 1e-5);

    [Fact]
    public void ResNet18ImportedGraphComputesWhatOnnxRuntimeComputes() => Compare(ModelFiles.Generated("resnet18_op13"), 1, 1e-4);

    private void Compare(string path, int batch, double bound)
    {
        LayerGraph graph = OnnxImporter.Import(path);
        LayerShape input = graph.Input;
        float[] nchw = OnnxRuntimeReference.Random(batch * (int)input.Length, seed: batch);
        (float[] expected, int[] shape) = OnnxRuntimeReference.Run(path, nchw, batch, input);
        float[] actual = LayerGraphReference.Run(graph, NchwLayout.ToNhwc(nchw, batch, input.Channels, input.Height, input.Width), batch);
        if (shape.Length == 4)
        {
            actual = NchwLayout.ToNchw(actual, batch, shape[1], shape[2], shape[3]);
        }

        double error = OnnxRuntimeReference.RelativeError(actual, expected);
        log.WriteLine($"{System.IO.Path.GetFileName(path)} batch {batch}: max |reference - ONNX Runtime| / max |output| = {error:E2}");
        Assert.True(error <= bound, $"{path}: max |reference - ONNX Runtime| = {error:E2} of the largest output (bound {bound:E0})");
    }
}
