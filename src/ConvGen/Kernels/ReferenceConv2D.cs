using System;

namespace ConvGen;

/// <summary>
/// The plain scalar convolution every other kernel is checked against: NHWC input and output, HWIO weights,
/// Keras padding, accumulation in double precision.
/// </summary>
public static class ReferenceConv2D
{
    /// <summary>Computes <paramref name="batch"/> output images.</summary>
    public static void Forward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weightsHwio, ReadOnlySpan<float> bias, Span<float> output, int batch)
    {
        KernelArguments.CheckConvolution(shape, input.Length, weightsHwio.Length, shape.WeightLength, bias.Length, output.Length, batch);
        int h = shape.Height, w = shape.Width, c = shape.Channels, f = shape.Filters, k = shape.KernelSize, s = shape.Stride;
        int oh = shape.OutputHeight, ow = shape.OutputWidth, pt = shape.PadTop, pl = shape.PadLeft;
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int co = 0; co < f; co++)
                    {
                        double sum = shape.UseBias ? bias[co] : 0.0;
                        for (int ky = 0; ky < k; ky++)
                        {
                            int iy = oy * s - pt + ky;
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (int kx = 0; kx < k; kx++)
                            {
                                int ix = ox * s - pl + kx;
                                if (ix < 0 || ix >= w)
                                {
                                    continue;
                                }

                                int inBase = ((n * h + iy) * w + ix) * c;
                                if (shape.Depthwise)
                                {
                                    sum += (double)input[inBase + co] * weightsHwio[(ky * k + kx) * c + co];
                                    continue;
                                }

                                int wBase = (ky * k + kx) * c * f + co;
                                for (int ci = 0; ci < c; ci++)
                                {
                                    sum += (double)input[inBase + ci] * weightsHwio[wBase + ci * f];
                                }
                            }
                        }

                        if (shape.Activation is Activation.Relu or Activation.Relu6)
                        {
                            sum = Math.Max(sum, 0);
                        }

                        if (shape.Activation == Activation.Relu6)
                        {
                            sum = Math.Min(sum, 6);
                        }

                        output[((n * oh + oy) * ow + ox) * f + co] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The input gradient from the pre-activation output gradient <paramref name="gradOutput"/>, straight from the
    /// definition: every output gradient is scattered back through the taps that produced it.
    /// </summary>
    public static void BackwardData(in Conv2DShape shape, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weightsHwio, Span<float> gradInput, int batch)
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels, f = shape.Filters, k = shape.KernelSize, s = shape.Stride;
        int oh = shape.OutputHeight, ow = shape.OutputWidth, pt = shape.PadTop, pl = shape.PadLeft;
        var sum = new double[batch * h * w * c];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * s - pt + ky, ix = ox * s - pl + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                            {
                                continue;
                            }

                            for (int ci = 0; ci < c; ci++)
                            {
                                double acc = 0;
                                if (shape.Depthwise)
                                {
                                    acc = (double)gradOutput[((n * oh + oy) * ow + ox) * f + ci] * weightsHwio[(ky * k + kx) * c + ci];
                                }
                                else
                                {
                                    for (int co = 0; co < f; co++)
                                    {
                                        acc += (double)gradOutput[((n * oh + oy) * ow + ox) * f + co] * weightsHwio[((ky * k + kx) * c + ci) * f + co];
                                    }
                                }

                                sum[((n * h + iy) * w + ix) * c + ci] += acc;
                            }
                        }
                    }
                }
            }
        }

        for (int i = 0; i < sum.Length; i++)
        {
            gradInput[i] = (float)sum[i];
        }
    }

    /// <summary>The HWIO weight gradient summed over the batch, from the pre-activation output gradient.</summary>
    public static void BackwardWeights(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeightsHwio, int batch)
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels, f = shape.Filters, k = shape.KernelSize, s = shape.Stride;
        int oh = shape.OutputHeight, ow = shape.OutputWidth, pt = shape.PadTop, pl = shape.PadLeft;
        for (int ky = 0; ky < k; ky++)
        {
            for (int kx = 0; kx < k; kx++)
            {
                for (int ci = 0; ci < c; ci++)
                {
                    for (int co = 0; co < f; co++)
                    {
                        if (shape.Depthwise && co != ci)
                        {
                            continue;
                        }

                        double acc = 0;
                        for (int n = 0; n < batch; n++)
                        {
                            for (int oy = 0; oy < oh; oy++)
                            {
                                int iy = oy * s - pt + ky;
                                if (iy < 0 || iy >= h)
                                {
                                    continue;
                                }

                                for (int ox = 0; ox < ow; ox++)
                                {
                                    int ix = ox * s - pl + kx;
                                    if (ix >= 0 && ix < w)
                                    {
                                        acc += (double)input[((n * h + iy) * w + ix) * c + ci] * gradOutput[((n * oh + oy) * ow + ox) * f + co];
                                    }
                                }
                            }
                        }

                        gradWeightsHwio[shape.Depthwise ? (ky * k + kx) * c + ci : ((ky * k + kx) * c + ci) * f + co] = (float)acc;
                    }
                }
            }
        }
    }
}
