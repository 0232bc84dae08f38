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
                                int wBase = (ky * k + kx) * c * f + co;
                                for (int ci = 0; ci < c; ci++)
                                {
                                    sum += (double)input[inBase + ci] * weightsHwio[wBase + ci * f];
                                }
                            }
                        }

                        if (shape.Activation == Activation.Relu && sum < 0)
                        {
                            sum = 0;
                        }

                        output[((n * oh + oy) * ow + ox) * f + co] = (float)sum;
                    }
                }
            }
        }
    }
}
