using System;
using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>Sliding-window operators: Conv, MaxPool, AveragePool, the global poolings, and Pad folded into the next window.</summary>
internal sealed partial class GraphConverter
{
    private void Conv(NodeProto node)
    {
        NodeAttributes a = Attributes(node, "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        TensorValue x = Tensor(node, 0, padded: true);
        TensorProto w = Constant(node, 1, "weight")!;
        TensorProto? b = Constant(node, 2, "bias", optional: true);
        if (x.Shape.IsFlat)
        {
            throw FailNode($"its input is flat {x.Shape}; Conv needs N x C x H x W");
        }

        long[] wd = Dims(w);
        if (wd.Length != 4)
        {
            throw FailNode($"its weight '{w.Name}' has shape {OnnxTensors.Shape(w)}; a 2-D convolution's weight is O x I x kH x kW");
        }

        int channels = x.Shape.Channels, outputs = (int)wd[0];
        long group = a.Int("group", 1);
        bool depthwise = group != 1;
        if (group == 1 && wd[1] != channels)
        {
            throw FailNode($"its weight '{w.Name}' of shape {OnnxTensors.Shape(w)} expects {wd[1]} input channels but the input has {channels} (inconsistent initializer shapes)");
        }

        if (depthwise && (group != channels || wd[1] != 1 || outputs != channels))
        {
            throw FailNode(group == channels && wd[1] == 1
                ? $"it is a depthwise convolution with {outputs / Math.Max(1, channels)} filters per channel (weight {OnnxTensors.Shape(w)}); ConvGen's DepthwiseConv2D has one (depth multiplier 1)"
                : $"group = {group} makes it a grouped convolution; ConvGen imports group 1 or depthwise (group = channels = {channels}, weight C x 1 x k x k), not weight {OnnxTensors.Shape(w)}");
        }

        int kernel = SquareKernel(a, wd[2], wd[3], w);
        int[] sizes = depthwise ? Vocabulary.DepthwiseKernelSizes.ToArray() : Vocabulary.ConvKernelSizes.ToArray();
        if (!sizes.Contains(kernel))
        {
            throw FailNode($"its kernel is {kernel}x{kernel}; ConvGen's {(depthwise ? "depthwise " : string.Empty)}convolutions take {string.Join(", ", sizes)}");
        }

        int stride = Strides(a, Vocabulary.ConvStrides.ToArray(), kernel);
        NoDilation(a);
        Pads pads = WindowPads(a, x, kernel, stride);

        float[] weights = Floats(w);
        float[]? bias = null;
        if (b is not null)
        {
            long[] bd = Dims(b);
            if (bd.Length != 1 || bd[0] != outputs)
            {
                throw FailNode($"its bias '{b.Name}' has shape {OnnxTensors.Shape(b)}; {outputs} values were expected (inconsistent initializer shapes)");
            }

            bias = Floats(b);
        }

        LayerSpec spec = depthwise
            ? new DepthwiseConv2DSpec(NodeLabel(node), kernel, stride, pads, ConvGen.Activation.None, bias is not null)
            : new Conv2DSpec(NodeLabel(node), outputs, kernel, stride, pads, ConvGen.Activation.None, bias is not null);
        TensorValue input = x.PaddedBy is null ? x : Unpadded(x);
        (PendingLayer layer, TensorValue output) = AddLayer(node, spec, new[] { input });
        layer.Weights[depthwise ? "depthwise_kernel" : "kernel"] = depthwise
            ? WeightLayouts.DepthwiseToHwc(weights, channels, kernel)
            : WeightLayouts.OihwToHwio(weights, outputs, channels, kernel);
        if (bias is not null)
        {
            layer.Weights["bias"] = bias;
        }

        if (x.PaddedBy is not null)
        {
            layer.Sources.Insert(0, $"{x.PaddedBy} (Pad)");
        }

        Define(node, output);
    }

    private void Pool(NodeProto node, bool average)
    {
        string[] known = average
            ? Opset >= 19 ? new[] { "auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides" }
            : Opset >= 10 ? new[] { "auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides" }
            : new[] { "auto_pad", "count_include_pad", "kernel_shape", "pads", "strides" }
            : Opset >= 10 ? new[] { "auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides" }
            : new[] { "auto_pad", "kernel_shape", "pads", "storage_order", "strides" };
        NodeAttributes a = Attributes(node, known);
        TensorValue x = Tensor(node, 0, padded: average);
        if (x.Shape.IsFlat)
        {
            throw FailNode($"its input is flat {x.Shape}; pooling needs N x C x H x W");
        }

        if (!average)
        {
            OnlyFirstOutput(node, "the argmax indices");
        }

        long[] kernelShape = a.Ints("kernel_shape") ?? throw FailNode("it has no kernel_shape");
        if (kernelShape.Length != 2 || kernelShape[0] != kernelShape[1])
        {
            throw FailNode($"its window is {NodeAttributes.Format(kernelShape)}; ConvGen pools square 2-D windows");
        }

        int pool = (int)kernelShape[0];
        if (!Vocabulary.PoolSizes.Contains(pool))
        {
            throw FailNode($"its window is {pool}x{pool}; ConvGen pools {string.Join(" or ", Vocabulary.PoolSizes)}");
        }

        int stride = Strides(a, Enumerable.Range(1, pool).ToArray(), pool);
        NoDilation(a);
        bool countPads = average && a.Int("count_include_pad", 0) != 0;
        Pads own = WindowPads(a, x, pool, stride, includePending: false);
        Pads pads = own;
        if (x.PaddedBy is not null)
        {
            if (!own.IsZero && !countPads)
            {
                throw FailNode($"it takes the zeros of Pad '{x.PaddedBy}' as values and its own pads {own} as absent (count_include_pad = 0); ConvGen's pooling counts all its pads or none");
            }

            pads = Add(x.PendingPads, own);
            countPads = true;
        }

        if (a.Int("ceil_mode", 0) != 0)
        {
            Pads ceiled = CeilMode(x, pool, stride, pads);
            if (average && countPads && ceiled != pads)
            {
                throw FailNode("ceil_mode = 1 adds windows that overhang the padded input, which ONNX averages over their padded part only; with count_include_pad = 1 ConvGen cannot express that divisor");
            }

            pads = ceiled;
        }

        CheckPads(pads, pool);
        TensorValue input = x.PaddedBy is null ? x : Unpadded(x);
        pads = pads.Trimmed(input.Shape.Height, input.Shape.Width, pool, stride);
        LayerSpec spec = average
            ? new AveragePooling2DSpec(NodeLabel(node), pool, stride, pads, countPads && !pads.IsZero)
            : new MaxPool2DSpec(NodeLabel(node), pool, stride, pads);
        (PendingLayer layer, TensorValue output) = AddLayer(node, spec, new[] { input });
        if (x.PaddedBy is not null)
        {
            layer.Sources.Insert(0, $"{x.PaddedBy} (Pad)");
        }

        Define(node, output);
    }

    private void GlobalPool(NodeProto node, bool max)
    {
        Attributes(node);
        TensorValue x = Tensor(node, 0);
        (_, TensorValue output) = AddLayer(node, new GlobalPooling2DSpec(NodeLabel(node), max), new[] { x });
        Define(node, new TensorValue { Layer = output.Layer, Shape = output.Shape, Dims = new long[] { x.Shape.Channels, 1, 1 }, Root = output.Root });
    }

    /// <summary>Pad (constant zeros on H and W only): held on the value for the next Conv or AveragePool to take as pads.</summary>
    private void Pad(NodeProto node)
    {
        NodeAttributes a = Opset < 11 ? Attributes(node, "mode", "pads", "value") : Attributes(node, "mode");
        TensorValue x = Tensor(node, 0, padded: true);
        string mode = a.String("mode", "constant");
        if (mode != "constant")
        {
            throw FailNode($"its mode is '{mode}'; ConvGen pads with zeros ('constant')");
        }

        long[] pads;
        float value;
        if (Opset < 11)
        {
            pads = a.Ints("pads") ?? throw FailNode("it has no pads");
            value = a.Float("value", 0f);
        }
        else
        {
            pads = Integers(Constant(node, 1, "pads")!);
            value = Constant(node, 2, "constant value", optional: true) is TensorProto v ? ScalarOf(Floats(v), "constant value") : 0f;
            if (Opset >= 18 && Constant(node, 3, "axes", optional: true) is TensorProto axes)
            {
                pads = PadsOnAxes(pads, Integers(axes), x.Dims.Count + 1);
            }
        }

        if (value != 0f)
        {
            throw FailNode($"it pads with {Number(value)}; ConvGen folds only zero padding into the next window");
        }

        if (x.Shape.IsFlat || pads.Length != 8)
        {
            throw FailNode($"its pads {NodeAttributes.Format(pads)} do not pad an N x C x H x W image");
        }

        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0 || pads.Any(p => p < 0))
        {
            throw FailNode($"its pads {NodeAttributes.Format(pads)} pad the batch or channels, or crop; ConvGen folds zero padding of the height and width");
        }

        var added = new Pads((int)pads[2], (int)pads[3], (int)pads[6], (int)pads[7]);
        Define(node, new TensorValue
        {
            Layer = x.Layer,
            Shape = x.Shape,
            Dims = new[] { x.Dims[0], x.Dims[1] + added.Top + added.Bottom, x.Dims[2] + added.Left + added.Right },
            Root = Root(node.Output[0]),
            PendingPads = Add(x.PendingPads, added),
            PaddedBy = NodeLabel(node),
        });
    }

    private long[] PadsOnAxes(long[] pads, long[] axes, int rank)
    {
        var full = new long[2 * rank];
        for (int i = 0; i < axes.Length; i++)
        {
            long axis = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axis < 0 || axis >= rank || pads.Length != 2 * axes.Length)
            {
                throw FailNode($"its axes {NodeAttributes.Format(axes)} do not match pads {NodeAttributes.Format(pads)}");
            }

            full[axis] = pads[i];
            full[axis + rank] = pads[i + axes.Length];
        }

        return full;
    }

    private TensorValue Unpadded(TensorValue x) => new()
    {
        Layer = x.Layer,
        Shape = x.Shape,
        Dims = new long[] { x.Shape.Channels, x.Shape.Height, x.Shape.Width },
        Root = x.Root,
    };

    private int SquareKernel(NodeAttributes a, long kh, long kw, TensorProto w)
    {
        if (a.Ints("kernel_shape") is long[] shape && (shape.Length != 2 || shape[0] != kh || shape[1] != kw))
        {
            throw FailNode($"its kernel_shape {NodeAttributes.Format(shape)} disagrees with its weight '{w.Name}' {OnnxTensors.Shape(w)} (inconsistent initializer shapes)");
        }

        if (kh != kw)
        {
            throw FailNode($"its kernel is {kh}x{kw}; ConvGen's convolutions are square");
        }

        return (int)kh;
    }

    private int Strides(NodeAttributes a, int[] allowed, int kernel)
    {
        long[] strides = a.Ints("strides") ?? new long[] { 1, 1 };
        if (strides.Length != 2 || strides[0] != strides[1])
        {
            throw FailNode($"its strides are {NodeAttributes.Format(strides)}; ConvGen takes one stride for both directions");
        }

        if (!allowed.Contains((int)strides[0]))
        {
            throw FailNode($"its stride is {strides[0]}; ConvGen takes {string.Join(" or ", allowed)} for a {kernel}x{kernel} window");
        }

        return (int)strides[0];
    }

    private void NoDilation(NodeAttributes a)
    {
        if (a.Ints("dilations") is long[] dilations && dilations.Any(d => d != 1))
        {
            throw FailNode($"its dilations are {NodeAttributes.Format(dilations)}; ConvGen has no dilated windows");
        }
    }

    /// <summary>
    /// The window's pads per side: explicit <c>pads</c> ([top, left, bottom, right]) or <c>auto_pad</c> (SAME_UPPER,
    /// SAME_LOWER, VALID), on top of a Pad node's zeros when <paramref name="includePending"/>; each end trimmed to
    /// what a window reaches, each side smaller than the window.
    /// </summary>
    private Pads WindowPads(NodeAttributes a, TensorValue x, int kernel, int stride, bool includePending = true)
    {
        Pads pending = includePending ? x.PendingPads : Pads.None;
        int height = x.Shape.Height + pending.Top + pending.Bottom, width = x.Shape.Width + pending.Left + pending.Right;
        string autoPad = a.String("auto_pad", "NOTSET");
        Pads own;
        switch (autoPad)
        {
            case "NOTSET":
                long[] pads = a.Ints("pads") ?? new long[4];
                if (pads.Length != 4 || pads.Any(p => p < 0 || p > 64))
                {
                    throw FailNode($"its pads are {NodeAttributes.Format(pads)}; four non-negative pads [top, left, bottom, right] were expected");
                }

                own = new Pads((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
                break;
            case "VALID":
                own = Pads.None;
                break;
            case "SAME_UPPER":
            case "SAME_LOWER":
                bool upper = autoPad == "SAME_UPPER";
                (int top, int bottom) = Pads.SameAxis(height, kernel, stride, upper);
                (int left, int right) = Pads.SameAxis(width, kernel, stride, upper);
                own = new Pads(top, left, bottom, right);
                break;
            default:
                throw FailNode($"its auto_pad is '{autoPad}'; ONNX defines NOTSET, SAME_UPPER, SAME_LOWER and VALID");
        }

        if (autoPad != "NOTSET" && a.Has("pads"))
        {
            throw FailNode($"it has both auto_pad '{autoPad}' and pads");
        }

        Pads total = Add(pending, own);
        if (!includePending)
        {
            return total;
        }

        CheckPads(total, kernel);
        return total.Trimmed(x.Shape.Height, x.Shape.Width, kernel, stride);
    }

    private void CheckPads(Pads pads, int kernel)
    {
        if (pads.Top >= kernel || pads.Left >= kernel || pads.Bottom >= kernel || pads.Right >= kernel)
        {
            throw FailNode($"its pads {pads} reach a whole {kernel}x{kernel} window or more past the image; ConvGen takes pads smaller than the window");
        }
    }

    /// <summary>ceil_mode = 1: the extra windows become end pads (the last window starts inside the image or its begin pad, as ONNX Runtime and PyTorch count).</summary>
    private static Pads CeilMode(TensorValue x, int pool, int stride, Pads pads)
    {
        static int Extra(int size, int before, int after, int pool, int stride)
        {
            int span = size + before + after - pool;
            if (span < 0)
            {
                return 0;
            }

            int output = (span + stride - 1) / stride + 1;
            if ((output - 1) * stride >= size + before)
            {
                output--;
            }

            return Math.Max(0, (output - 1) * stride + pool - (size + before + after));
        }

        return pads with
        {
            Bottom = pads.Bottom + Extra(x.Shape.Height, pads.Top, pads.Bottom, pool, stride),
            Right = pads.Right + Extra(x.Shape.Width, pads.Left, pads.Right, pool, stride),
        };
    }

    private static Pads Add(Pads a, Pads b) => new(a.Top + b.Top, a.Left + b.Left, a.Bottom + b.Bottom, a.Right + b.Right);

    private float ScalarOf(float[] values, string what) =>
        values.Length == 1 ? values[0] : throw FailNode($"its {what} has {values.Length} values; a scalar was expected");
}
