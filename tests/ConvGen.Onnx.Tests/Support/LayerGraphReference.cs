using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>
/// Runs a <see cref="LayerGraph"/> in double precision with plain loops, straight from its specs and weights (NHWC):
/// checks the importer's reading of a model against ONNX Runtime independently of the generator, including layers
/// today's attributes cannot declare (5x5/7x7, explicit pads, average and global pooling).
/// </summary>
internal static class LayerGraphReference
{
    public static float[] Run(LayerGraph graph, float[] nhwc, int batch)
    {
        int inputLength = (int)graph.Input.Length, outputLength = (int)graph.Output.Length;
        var result = new float[batch * outputLength];
        for (int n = 0; n < batch; n++)
        {
            double[] x = nhwc.AsSpan(n * inputLength, inputLength).ToArray().Select(v => (double)v).ToArray();
            var outputs = new double[graph.Layers.Count][];
            for (int l = 0; l < graph.Layers.Count; l++)
            {
                GraphLayer layer = graph.Layers[l];
                double[][] inputs = layer.Inputs.Select(i => i < 0 ? x : outputs[i]).ToArray();
                outputs[l] = Layer(layer, inputs);
            }

            for (int i = 0; i < outputLength; i++)
            {
                result[n * outputLength + i] = (float)outputs[^1][i];
            }
        }

        return result;
    }

    private static double[] Layer(GraphLayer layer, double[][] inputs)
    {
        LayerShape s = layer.Input.Count > 0 ? layer.Input[0] : default, o = layer.Output;
        float[] W(string role) => layer.Weights.Single(w => w.Name.EndsWith("/" + role, StringComparison.Ordinal)).Values;
        float[]? Maybe(string role) => layer.Weights.SingleOrDefault(w => w.Name.EndsWith("/" + role, StringComparison.Ordinal))?.Values;
        switch (layer.Spec)
        {
            case Conv2DSpec c:
                return Activate(Window(inputs[0], s, o, c.KernelSize, c.Strides, c.Pads, W("kernel"), Maybe("bias"), depthwise: false), c.Activation);
            case DepthwiseConv2DSpec d:
                return Activate(Window(inputs[0], s, o, d.KernelSize, d.Strides, d.Pads, W("depthwise_kernel"), Maybe("bias"), depthwise: true), d.Activation);
            case BatchNormalizationSpec b:
            {
                float[] gamma = W("gamma"), beta = W("beta"), mean = W("moving_mean"), variance = W("moving_variance");
                double[] y = inputs[0].Select((v, i) =>
                {
                    int c = i % s.Channels;
                    return (v - mean[c]) / Math.Sqrt(variance[c] + (double)(float)b.Epsilon) * gamma[c] + beta[c];
                }).ToArray();
                return Activate(y, b.Activation);
            }

            case MaxPool2DSpec m:
                return Pool(inputs[0], s, o, m.PoolSize, m.Strides, m.Pads, max: true, countPads: false);
            case AveragePooling2DSpec a:
                return Pool(inputs[0], s, o, a.PoolSize, a.Strides, a.Pads, max: false, countPads: a.CountIncludePad);
            case GlobalPooling2DSpec g:
                return Enumerable.Range(0, s.Channels).Select(c =>
                {
                    IEnumerable<double> values = Enumerable.Range(0, s.Height * s.Width).Select(p => inputs[0][p * s.Channels + c]);
                    return g.Max ? values.Max() : values.Average();
                }).ToArray();
            case FlattenSpec:
            case DropoutSpec:
                return inputs[0];
            case DenseSpec dense:
            {
                float[] kernel = W("kernel");
                float[]? bias = Maybe("bias");
                int inCount = inputs[0].Length;
                double[] y = Enumerable.Range(0, dense.Units).Select(u =>
                {
                    double sum = bias?[u] ?? 0;
                    for (int i = 0; i < inCount; i++)
                    {
                        sum += inputs[0][i] * kernel[i * dense.Units + u];
                    }

                    return sum;
                }).ToArray();
                if (dense.Activation == Activation.Softmax)
                {
                    double max = y.Max();
                    double[] e = y.Select(v => Math.Exp(v - max)).ToArray();
                    double total = e.Sum();
                    return e.Select(v => v / total).ToArray();
                }

                return Activate(y, dense.Activation);
            }

            case AddSpec add:
                return Activate(Enumerable.Range(0, inputs[0].Length).Select(i => inputs.Sum(x => x[i])).ToArray(), add.Activation);
            case ConcatenateSpec:
            {
                var y = new List<double>();
                int pixels = o.Height * o.Width;
                for (int p = 0; p < pixels; p++)
                {
                    for (int k = 0; k < inputs.Length; k++)
                    {
                        int c = layer.Input[k].Channels;
                        y.AddRange(inputs[k].Skip(p * c).Take(c));
                    }
                }

                return y.ToArray();
            }

            default:
                throw new NotSupportedException(layer.Spec.Kind);
        }
    }

    private static double[] Window(double[] x, LayerShape s, LayerShape o, int k, int stride, Pads pads, float[] w, float[]? bias, bool depthwise)
    {
        var y = new double[o.Height * o.Width * o.Channels];
        for (int oy = 0; oy < o.Height; oy++)
        {
            for (int ox = 0; ox < o.Width; ox++)
            {
                for (int f = 0; f < o.Channels; f++)
                {
                    double sum = bias?[f] ?? 0;
                    for (int ky = 0; ky < k; ky++)
                    {
                        int iy = oy * stride - pads.Top + ky;
                        for (int kx = 0; kx < k; kx++)
                        {
                            int ix = ox * stride - pads.Left + kx;
                            if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width)
                            {
                                continue;
                            }

                            int pixel = (iy * s.Width + ix) * s.Channels;
                            if (depthwise)
                            {
                                sum += x[pixel + f] * w[(ky * k + kx) * s.Channels + f];
                            }
                            else
                            {
                                for (int c = 0; c < s.Channels; c++)
                                {
                                    sum += x[pixel + c] * w[((ky * k + kx) * s.Channels + c) * o.Channels + f];
                                }
                            }
                        }
                    }

                    y[(oy * o.Width + ox) * o.Channels + f] = sum;
                }
            }
        }

        return y;
    }

    private static double[] Pool(double[] x, LayerShape s, LayerShape o, int k, int stride, Pads pads, bool max, bool countPads)
    {
        var y = new double[o.Height * o.Width * o.Channels];
        for (int oy = 0; oy < o.Height; oy++)
        {
            for (int ox = 0; ox < o.Width; ox++)
            {
                for (int c = 0; c < o.Channels; c++)
                {
                    double best = double.NegativeInfinity, sum = 0;
                    int inside = 0, padded = 0;
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pads.Top + ky, ix = ox * stride - pads.Left + kx;
                            if (iy >= -pads.Top && iy < s.Height + pads.Bottom && ix >= -pads.Left && ix < s.Width + pads.Right)
                            {
                                padded++;
                            }

                            if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width)
                            {
                                continue;
                            }

                            double v = x[(iy * s.Width + ix) * s.Channels + c];
                            best = Math.Max(best, v);
                            sum += v;
                            inside++;
                        }
                    }

                    y[(oy * o.Width + ox) * o.Channels + c] = max ? best : sum / (countPads ? padded : inside);
                }
            }
        }

        return y;
    }

    private static double[] Activate(double[] y, Activation activation) => activation switch
    {
        Activation.Relu => y.Select(v => Math.Max(v, 0)).ToArray(),
        Activation.Relu6 => y.Select(v => Math.Min(Math.Max(v, 0), 6)).ToArray(),
        _ => y,
    };
}
