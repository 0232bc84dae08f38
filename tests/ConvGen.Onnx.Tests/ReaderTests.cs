using System;
using System.IO;
using System.Linq;
using ConvGen.Onnx.Protobuf;
using ConvGen.Onnx.Tests.Support;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>The importer's layer graph for the committed models: layers, shapes, folded nodes, and weights against the initializers read straight from the protobuf.</summary>
public sealed class ReaderTests
{
    [Fact]
    public void PlainCnnLayersAndWeights()
    {
        string path = ModelFiles.Model("plain_cnn_op17");
        LayerGraph g = OnnxImporter.Import(path);
        Assert.Equal(LayerShape.Spatial(28, 28, 1), g.Input);
        Assert.Equal(
            new[] { "conv1 Conv2D (None, 28, 28, 8)", "pool MaxPool2D (None, 14, 14, 8)", "conv2 Conv2D (None, 14, 14, 16)", "pool_1 MaxPool2D (None, 7, 7, 16)", "Flatten Flatten (None, 784)", "fc1 Dense (None, 32)", "fc2 Dense (None, 10)" },
            g.Layers.Select(l => $"{l.Spec.Name} {l.Spec.Kind} {l.Output}"));
        Assert.Equal(new Conv2DSpec("conv1", 8, 3, 1, new Pads(1, 1, 1, 1), Activation.Relu, true), g.Layers[0].Spec);
        Assert.Equal(new DenseSpec("fc2", 10, Activation.Softmax, true), g.Layers[6].Spec);
        Assert.Equal("/fc2/Gemm (Gemm) + /Softmax (Softmax)", g.Layers[6].Source);
        Assert.All(g.Layers, l => Assert.Equal(0, l.BranchesBefore));

        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        // conv2: ONNX O x I x kH x kW [16, 8, 3, 3] -> HWIO [3, 3, 8, 16].
        (float[] w2, long[] d2) = Initializer(model, model.Graph.Node.Single(n => n.Name == "/conv2/Conv").Input[1]);
        Assert.Equal(new long[] { 16, 8, 3, 3 }, d2);
        WeightTensor k2 = g.Layers[2].Weights[0];
        Assert.Equal("conv2/kernel", k2.Name);
        Assert.Equal(new[] { 3, 3, 8, 16 }, k2.Shape);
        for (int o = 0; o < 16; o++)
        {
            for (int i = 0; i < 8; i++)
            {
                for (int ky = 0; ky < 3; ky++)
                {
                    for (int kx = 0; kx < 3; kx++)
                    {
                        Assert.Equal(w2[((o * 8 + i) * 3 + ky) * 3 + kx], k2.Values[((ky * 3 + kx) * 8 + i) * 16 + o]);
                    }
                }
            }
        }

        // fc1: Gemm B [32, 784] (transB) over ONNX's C·H·W flattening of 16 x 7 x 7 -> [784, 32] rows in ConvGen's H·W·C order.
        (float[] b1, long[] db1) = Initializer(model, "fc1.weight");
        Assert.Equal(new long[] { 32, 784 }, db1);
        float[] fc1 = g.Layers[5].Weights[0].Values;
        for (int y = 0; y < 7; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                for (int c = 0; c < 16; c++)
                {
                    for (int u = 0; u < 32; u++)
                    {
                        Assert.Equal(b1[u * 784 + c * 49 + y * 7 + x], fc1[((y * 7 + x) * 16 + c) * 32 + u]);
                    }
                }
            }
        }

        // fc2 reads flat features: only the transpose.
        (float[] b2, _) = Initializer(model, "fc2.weight");
        float[] fc2 = g.Layers[6].Weights[0].Values;
        Assert.All(Enumerable.Range(0, 320), i => Assert.Equal(b2[(i % 10) * 32 + i / 10], fc2[i]));
        Assert.Equal(Initializer(model, "fc2.bias").Values, g.Layers[6].Weights[1].Values);
    }

    [Fact]
    public void ResNetStyleKeepsBatchNormalizationAndWritesItsBlock()
    {
        string path = ModelFiles.Model("resnet_style_op9");
        LayerGraph g = OnnxImporter.Import(path);
        Assert.Equal(
            new[] { "stem/-1/0", "stem_bn/0/0", "conv1/1/1", "bn1/2/0", "conv2/3/0", "bn2/4/0", "proj/1/1", "proj_bn/6/0", "Add/5,7/0", "Flatten/8/0", "fc/9/0" },
            g.Layers.Select(l => $"{l.Spec.Name}/{string.Join(",", l.Inputs)}/{l.BranchesBefore}"));
        var bn = (BatchNormalizationSpec)g.Layers[1].Spec;
        Assert.Equal((1e-5, 0.9, Activation.Relu), (bn.Epsilon, bn.Momentum, bn.Activation));   // the float attributes' decimals
        Assert.Equal(new AddSpec("Add", Activation.Relu), g.Layers[8].Spec);
        Assert.Equal(new Conv2DSpec("proj", 16, 1, 2, Pads.None, Activation.None, false), g.Layers[6].Spec);

        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        NodeProto node = model.Graph.Node.Single(n => n.Name == "/bn1/BatchNormalization");
        string[] roles = { "gamma", "beta", "moving_mean", "moving_variance" };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal($"bn1/{roles[i]}", g.Layers[3].Weights[i].Name);
            Assert.Equal(Initializer(model, node.Input[i + 1]).Values, g.Layers[3].Weights[i].Values);
        }

        Assert.Equal(model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (p, d) => p * d)), g.ParameterCount);
    }

    [Fact]
    public void MobileNetFoldsClipIntoReLU6AndConvertsDepthwiseWeights()
    {
        string path = ModelFiles.Model("mobilenet_v2_features_op10");
        LayerGraph g = OnnxImporter.Import(path);
        GraphLayer dw = g.Layers.Single(l => l.Spec.Name == "features/features.3/block/block.3");
        Assert.Equal(new DepthwiseConv2DSpec(dw.Spec.Name, 3, 2, new Pads(1, 1, 1, 1), Activation.Relu6, true), dw.Spec);
        Assert.Equal(new[] { 3, 3, 16, 1 }, dw.Weights[0].Shape);

        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        (float[] w, long[] dims) = Initializer(model, model.Graph.Node.Single(n => n.Name == "/features/features.3/block/block.3/Conv").Input[1]);
        Assert.Equal(new long[] { 16, 1, 3, 3 }, dims);
        Assert.All(Enumerable.Range(0, 16 * 9), i => Assert.Equal(w[(i % 16) * 9 + i / 16], dw.Weights[0].Values[i]));

        // The residual block: the identity branch first (x + block(x)), then the block's three layers.
        int add = g.Layers.Count - 1;
        Assert.Equal(new AddSpec("features/features.4", Activation.None), g.Layers[add].Spec);
        Assert.Equal(2, g.Layers[add - 3].BranchesBefore);
        Assert.Equal(new[] { add - 4, add - 1 }, g.Layers[add].Inputs);
        Assert.Equal(LayerShape.Spatial(9, 9, 8), g.Output);
    }

    [Fact]
    public void PadBeforeAveragePoolingBecomesItsCountedPads()
    {
        LayerGraph g = OnnxImporter.Import(ModelFiles.Model("inception_style_op13"));
        GraphLayer pool = g.Layers.Single(l => l.Spec is AveragePooling2DSpec);
        Assert.Equal(new AveragePooling2DSpec("bp_pool", 3, 1, new Pads(1, 1, 1, 1), true), pool.Spec);
        Assert.Equal("/bp_pool/Pad (Pad) + /bp_pool/AveragePool (AveragePool)", pool.Source);
        Assert.IsType<GlobalPooling2DSpec>(g.Layers[^2].Spec);
        Assert.DoesNotContain(g.Layers, l => l.Spec is FlattenSpec); // global pooling is flat already
    }

    [Fact]
    public void EveryOpsetGivesTheSameLayers()
    {
        LayerGraph first = OnnxImporter.Import(ModelFiles.Model("opset_cnn_op7"));
        for (int opset = 8; opset <= 21; opset++)
        {
            LayerGraph g = OnnxImporter.Import(ModelFiles.Model($"opset_cnn_op{opset}"));
            Assert.Equal(first.Layers.Select(l => l.Spec), g.Layers.Select(l => l.Spec));
            Assert.Equal(first.Layers.Select(l => (string.Join(",", l.Inputs), l.BranchesBefore, l.Output)), g.Layers.Select(l => (string.Join(",", l.Inputs), l.BranchesBefore, l.Output)));
            Assert.Contains($"opset {opset},", g.Source);
        }

        Assert.Equal(new DenseSpec("fc1", 16, Activation.Relu, true), first.Layers.Single(l => l.Spec.Name == "fc1").Spec);
    }

    [Fact]
    public void MatMulAndAddBecomeOneDenseLayer()
    {
        string path = ModelFiles.Model("opset_cnn_op8");
        GraphLayer fc1 = OnnxImporter.Import(path).Layers.Single(l => l.Spec.Name == "fc1");
        Assert.Equal("fc1 (MatMul) + fc1_bias (Add) + fc1_relu (Relu)", fc1.Source);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(Initializer(model, "fc1.b").Values, fc1.Weights[1].Values);
    }

    [Fact]
    public void GemmAlphaAndBetaAreFoldedIntoTheWeights()
    {
        string path = ModelFiles.Model("opset_cnn_op10");
        GraphLayer fc2 = OnnxImporter.Import(path).Layers.Single(l => l.Spec.Name == "fc2");
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(Initializer(model, "fc2.w").Values.Select(v => 0.5f * v), fc2.Weights[0].Values);
        Assert.Equal(Initializer(model, "fc2.b").Values.Select(v => 2f * v), fc2.Weights[1].Values);
    }

    [Fact]
    public void ResNet18()
    {
        string path = ModelFiles.Generated("resnet18_op13");
        LayerGraph g = OnnxImporter.Import(path);
        Assert.Equal(LayerShape.Spatial(224, 224, 3), g.Input);
        Assert.Equal(20, g.Layers.Count(l => l.Spec is Conv2DSpec));
        Assert.Equal(8, g.Layers.Count(l => l.Spec is AddSpec { Activation: Activation.Relu }));
        Assert.Equal(new Conv2DSpec("conv1", 64, 7, 2, new Pads(3, 3, 2, 2), Activation.Relu, true), g.Layers[0].Spec);
        Assert.Equal(new MaxPool2DSpec("maxpool", 3, 2, new Pads(1, 1, 0, 0)), g.Layers[1].Spec);
        Assert.Equal(new GlobalPooling2DSpec("avgpool", false), g.Layers[^2].Spec);
        Assert.Equal(LayerShape.Flat(1000), g.Output);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (p, d) => p * d)), g.ParameterCount);
    }

    /// <summary>An initializer's float32 values and dimensions, read from the protobuf message directly.</summary>
    private static (float[] Values, long[] Dims) Initializer(ModelProto model, string name)
    {
        TensorProto t = model.Graph.Initializer.Single(i => i.Name == name);
        float[] values = t.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();
        Assert.True(BitConverter.IsLittleEndian);
        return (values, t.Dims.ToArray());
    }
}
