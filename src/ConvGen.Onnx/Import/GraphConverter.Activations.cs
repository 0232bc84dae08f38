using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>BatchNormalization, and the activations that fold into the layer before them: Relu, Clip (ReLU6), Softmax.</summary>
internal sealed partial class GraphConverter
{
    private void BatchNormalization(NodeProto node)
    {
        NodeAttributes a = Opset < 9 ? Attributes(node, "epsilon", "momentum", "spatial")
            : Opset < 14 ? Attributes(node, "epsilon", "momentum")
            : Attributes(node, "epsilon", "momentum", "training_mode");
        TensorValue x = Tensor(node, 0);
        if (x.FlattenedFrom is not null)
        {
            throw FailNode("it normalises features flattened from an image; ConvGen normalises channels of images (or features of a Dense layer)");
        }

        if (a.Int("spatial", 1) != 1)
        {
            throw FailNode("spatial = 0 normalises every pixel separately; ConvGen's BatchNormalization is per channel (spatial = 1)");
        }

        if (a.Int("training_mode", 0) != 0)
        {
            throw FailNode("training_mode = 1 normalises with the batch's statistics; ConvGen imports inference graphs (training_mode = 0)");
        }

        OnlyFirstOutput(node, "a running statistic");
        int channels = x.Shape.Channels;
        string[] roles = { "gamma", "beta", "moving_mean", "moving_variance" };
        string[] onnxRoles = { "scale", "B", "input_mean", "input_var" };
        var values = new float[4][];
        for (int i = 0; i < 4; i++)
        {
            TensorProto t = Constant(node, i + 1, onnxRoles[i])!;
            long[] dims = Dims(t);
            if (dims.Length != 1 || dims[0] != channels)
            {
                throw FailNode($"its {onnxRoles[i]} '{t.Name}' has shape {OnnxTensors.Shape(t)}; the input has {channels} channels (inconsistent initializer shapes)");
            }

            values[i] = Floats(t);
        }

        if (values[3].Any(v => !(v >= 0)))
        {
            throw FailNode($"its variance '{node.Input[4]}' has negative or NaN values");
        }

        float epsilon = a.Float("epsilon", 1e-5f);
        float momentum = a.Float("momentum", 0.9f);
        if (!(epsilon > 0 && epsilon < 1) || !(momentum >= 0 && momentum < 1))
        {
            throw FailNode($"its epsilon {Number(epsilon)} or momentum {Number(momentum)} is outside ConvGen's range (epsilon in (0, 1), momentum in [0, 1))");
        }

        // ONNX attributes are float32: ConvGen's ε and momentum (doubles) are the decimals those floats print as, so
        // Keras's 0.001 and 0.99, written as floats by an exporter, come back as 0.001 and 0.99.
        var spec = new BatchNormalizationSpec(NodeLabel(node), Decimal(epsilon), Decimal(momentum), ConvGen.Activation.None);
        (PendingLayer layer, TensorValue output) = AddLayer(node, spec, new[] { x }, x.Dims);
        for (int i = 0; i < 4; i++)
        {
            layer.Weights[roles[i]] = values[i];
        }

        Define(node, output);
    }

    private void Relu(NodeProto node)
    {
        Attributes(node);
        FoldActivation(node, ConvGen.Activation.Relu);
    }

    /// <summary>Clip(0, 6) is ReLU6 and Clip(0, +∞) ReLU; bounds are attributes before opset 11, inputs from 11 on.</summary>
    private void Clip(NodeProto node)
    {
        float min, max;
        if (Opset < 11)
        {
            NodeAttributes a = Attributes(node, "max", "min");
            min = a.Float("min", float.MinValue);
            max = a.Float("max", float.MaxValue);
        }
        else
        {
            Attributes(node);
            min = Constant(node, 1, "min", optional: true) is TensorProto lo ? ScalarOf(Floats(lo), "min") : float.MinValue;
            max = Constant(node, 2, "max", optional: true) is TensorProto hi ? ScalarOf(Floats(hi), "max") : float.MaxValue;
        }

        ConvGen.Activation activation = (min, max) switch
        {
            (0f, 6f) => ConvGen.Activation.Relu6,
            (0f, >= float.MaxValue) => ConvGen.Activation.Relu,
            _ => throw FailNode($"it clips to [{Number(min)}, {Number(max)}]; ConvGen's activations are ReLU (Clip 0 to +inf) and ReLU6 (Clip 0 to 6)"),
        };
        FoldActivation(node, activation);
    }

    /// <summary>
    /// Softmax over a Dense layer's units becomes that layer's activation. Before opset 13 ONNX flattens the input
    /// to 2-D at <c>axis</c> (default 1); from 13 on it normalises along <c>axis</c> (default −1): on a Dense
    /// layer's N × units output both mean the units for axis 1 or −1.
    /// </summary>
    private void Softmax(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "axis");
        TensorValue x = Tensor(node, 0);
        long axis = a.Int("axis", Opset < 13 ? 1 : -1);
        int rank = x.Dims.Count + 1;
        if (rank != 2 || (axis != 1 && axis != -1))
        {
            throw FailNode($"it normalises a rank-{rank} tensor along axis {axis}; ConvGen's Softmax is the activation of a Dense layer, over its units (a rank-2 input, axis 1)");
        }

        FoldActivation(node, ConvGen.Activation.Softmax);
    }

    /// <summary>Sets the activation of the layer that computes the node's input, which nothing else may read.</summary>
    private void FoldActivation(NodeProto node, ConvGen.Activation activation)
    {
        TensorValue x = Tensor(node, 0);
        string op = activation == ConvGen.Activation.Softmax ? "a Softmax" : "an activation";
        if (x.Layer < 0)
        {
            throw FailNode($"it applies {op} to the network's input; ConvGen applies activations inside a layer");
        }

        PendingLayer layer = _layers[x.Layer];
        bool takes = activation == ConvGen.Activation.Softmax
            ? layer.Spec is DenseSpec
            : layer.Spec is Conv2DSpec or DepthwiseConv2DSpec or BatchNormalizationSpec or AddSpec or DenseSpec;
        if (!takes || x.FlattenedFrom is not null)
        {
            string holders = activation == ConvGen.Activation.Softmax ? "a Dense layer (Gemm or MatMul)" : "Conv, BatchNormalization, Add, Gemm or MatMul";
            throw FailNode($"it follows {layer.Node} ({layer.Spec.Kind}); ConvGen applies {op} only inside {holders}, right after it");
        }

        ConvGen.Activation current = layer.Spec switch
        {
            Conv2DSpec c => c.Activation,
            DepthwiseConv2DSpec d => d.Activation,
            BatchNormalizationSpec b => b.Activation,
            AddSpec s => s.Activation,
            DenseSpec d => d.Activation,
            _ => ConvGen.Activation.None,
        };
        if (current != ConvGen.Activation.None)
        {
            throw FailNode($"it follows {layer.Node}, which already ends in {current}; ConvGen applies one activation per layer");
        }

        if (Readers(node.Input[0]) != 1)
        {
            throw FailNode($"{layer.Node}'s output is read before this activation too (by {Readers(node.Input[0])} nodes); ConvGen fuses the activation into the layer, so only the activated values exist");
        }

        layer.Spec = layer.Spec switch
        {
            Conv2DSpec c => c with { Activation = activation },
            DepthwiseConv2DSpec d => d with { Activation = activation },
            BatchNormalizationSpec b => b with { Activation = activation },
            AddSpec s => s with { Activation = activation },
            DenseSpec d => d with { Activation = activation },
            _ => layer.Spec,
        };
        layer.AwaitsBias = false; // an Add after the activation is no bias
        layer.Sources.Add($"{NodeLabel(node)} ({node.OpType})");
        Define(node, new TensorValue { Layer = x.Layer, Shape = x.Shape, Dims = x.Dims, Root = Root(node.Output[0]) });
    }
}
