using System;
using System.Collections.Generic;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// Builds a network's layers from the definitions its generated class hands over, checking again what the generator
/// inferred: every layer reads the input or an earlier layer, each convolution's generated kernel takes the shape it
/// follows, concatenated tensors share their height and width, added tensors their shape. A declaration the generator
/// accepted always passes; a hand-written or stale one gets an <see cref="ArgumentException"/> naming the layer.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>The layers, each one's inputs (−1: the network's input) and each one's output shape.</summary>
    public static (Layer[] Layers, int[][] Inputs, LayerShape[] Shapes) Build(IReadOnlyList<LayerDefinition> definitions, int height, int width, int channels)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        if (definitions.Count == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(definitions));
        }

        if (height < 1 || width < 1 || channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"The input must be at least 1x1x1, got {height}x{width}x{channels}.");
        }

        var layers = new Layer[definitions.Count];
        var inputs = new int[definitions.Count][];
        var shapes = new LayerShape[definitions.Count];
        var input = new LayerShape(height, width, channels);
        LayerShape Shape(int index) => index < 0 ? input : shapes[index];
        for (int i = 0; i < definitions.Count; i++)
        {
            LayerDefinition definition = definitions[i] ?? throw new ArgumentException($"Layer definition {i} is null.", nameof(definitions));
            inputs[i] = definition.Inputs is { } given ? ToArray(given) : new[] { i - 1 };
            if (inputs[i].Length == 0)
            {
                throw new ArgumentException($"Layer '{definition.Name}' reads no layer.", nameof(definitions));
            }

            foreach (int source in inputs[i])
            {
                if (source < -1 || source >= i)
                {
                    throw new ArgumentException($"Layer '{definition.Name}' reads layer {source}; a layer reads the input (-1) or an earlier layer.", nameof(definitions));
                }
            }

            (layers[i], shapes[i]) = Create(definition, inputs[i], Shape);
        }

        return (layers, inputs, shapes);
    }

    private static (Layer Layer, LayerShape Shape) Create(LayerDefinition definition, int[] inputs, Func<int, LayerShape> shapeOf)
    {
        LayerShape shape = shapeOf(inputs[0]);
        var (h, w, c, flat) = shape;
        int length = shape.Length;
        switch (definition)
        {
            case LayerDefinition.Conv2DDefinition conv:
                Conv2DShape s = conv.Kernel.Shape;
                if (s.Height != h || s.Width != w || s.Channels != c || shape.IsFlat)
                {
                    throw new ArgumentException($"Layer '{conv.Name}' expects {s.Height}x{s.Width}x{s.Channels} inputs but follows a {shape} tensor.");
                }

                return (new Conv2DLayer(conv.Name, conv.Kernel, conv.FoldedKernel), new LayerShape(s.OutputHeight, s.OutputWidth, s.Filters));
            case LayerDefinition.MaxPool2DDefinition pool:
                Pool2DGeometry maxWindows = Windows(pool.Name, shape, pool.PoolSize, pool.Strides, pool.Padding, pool.Pads);
                return (new MaxPool2DLayer(pool.Name, maxWindows) { Padding = pool.Pads is null ? pool.Padding : Padding.Valid }, new LayerShape(maxWindows.OutputHeight, maxWindows.OutputWidth, c));
            case LayerDefinition.AveragePooling2DDefinition average:
                Pool2DGeometry windows = Windows(average.Name, shape, average.PoolSize, average.Strides, average.Padding, average.Pads);
                return (new AveragePooling2DLayer(average.Name, windows, average.CountIncludePad), new LayerShape(windows.OutputHeight, windows.OutputWidth, c));
            case LayerDefinition.GlobalPooling2DDefinition global:
                if (shape.IsFlat)
                {
                    throw new ArgumentException($"Layer '{global.Name}' pools a flat tensor of {flat} features.");
                }

                return (new GlobalPooling2DLayer(global.Name, h, w, c, global.Max), shape with { Features = c });
            case LayerDefinition.FlattenDefinition flatten:
                return (new FlattenLayer(flatten.Name, length), shape with { Features = length });
            case LayerDefinition.DenseDefinition dense:
                return (new DenseLayer(dense.Name, length, dense.Units, dense.Activation, dense.UseBias), shape with { Features = dense.Units });
            case LayerDefinition.BatchNormalizationDefinition bn:
                return (new BatchNormLayer(bn.Name, length, shape.LastAxis, bn.Momentum, bn.Epsilon, bn.Activation), shape);
            case LayerDefinition.DropoutDefinition dropout:
                return (new DropoutLayer(dropout.Name, length, dropout.Rate), shape);
            case LayerDefinition.ConcatenateDefinition:
                var branchChannels = new int[inputs.Length];
                for (int k = 0; k < branchChannels.Length; k++)
                {
                    LayerShape b = shapeOf(inputs[k]);
                    if (b.IsFlat || b.Height != h || b.Width != w)
                    {
                        throw new ArgumentException($"Layer '{definition.Name}' concatenates a {b} tensor with a {shape} one.");
                    }

                    branchChannels[k] = b.Channels;
                }

                int total = 0;
                foreach (int branch in branchChannels)
                {
                    total += branch;
                }

                return (new ConcatenateLayer(definition.Name, h * w, branchChannels), shape with { Channels = total });
            case LayerDefinition.AddDefinition add:
                foreach (int source in inputs)
                {
                    if (shapeOf(source) != shape)
                    {
                        throw new ArgumentException($"Layer '{add.Name}' adds tensors of different shapes ({shapeOf(source)} and {shape}).");
                    }
                }

                return (new AddLayer(add.Name, length, shape.LastAxis, inputs.Length, add.Activation), shape);
            default:
                throw new ArgumentException($"Unknown layer definition {definition.GetType().Name}.");
        }
    }

    private static Pool2DGeometry Windows(string name, LayerShape shape, int pool, int strides, Padding padding, LayerDefinition.WindowPads? pads)
    {
        if (shape.IsFlat)
        {
            throw new ArgumentException($"Layer '{name}' pools a flat tensor of {shape.Features} features.");
        }

        if (pool < 1 || strides < 1)
        {
            throw new ArgumentException($"Layer '{name}' has pool size {pool} and strides {strides}; both must be at least 1.");
        }

        Pool2DGeometry windows = pads is { } p
            ? new Pool2DGeometry(shape.Height, shape.Width, shape.Channels, pool, strides, p.Top, p.Left, p.Bottom, p.Right)
            : Pool2DGeometry.Keras(shape.Height, shape.Width, shape.Channels, pool, strides, padding);
        if (pads is { } q && (q.Top < 0 || q.Left < 0 || q.Bottom < 0 || q.Right < 0 || q.Top >= pool || q.Left >= pool || q.Bottom >= pool || q.Right >= pool))
        {
            throw new ArgumentException($"Layer '{name}' has pads {q.Top}, {q.Left}, {q.Bottom}, {q.Right}; each must be at least 0 and less than the pool size {pool}.");
        }

        if (windows.OutputHeight < 1 || windows.OutputWidth < 1)
        {
            throw new ArgumentException($"Layer '{name}' pools a {shape} tensor to nothing ({windows.OutputHeight}x{windows.OutputWidth}).");
        }

        return windows;
    }

    private static int[] ToArray(IReadOnlyList<int> values)
    {
        var array = new int[values.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = values[i];
        }

        return array;
    }
}
