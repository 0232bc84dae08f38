using System;

namespace ConvGen.Tests;

/// <summary>A double-precision convolution (no activation) for finite differences: L = Σ r ⊙ conv(x, w, b).</summary>
internal static class DoubleConv
{
    public static double Loss(in Conv2DShape s, double[] x, double[] w, double[] b, float[] r, int batch)
    {
        int oh = s.OutputHeight, ow = s.OutputWidth, k = s.KernelSize, c = s.Channels, f = s.Filters;
        double loss = 0;
        var acc = new double[f];
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int co = 0; co < f; co++)
                    {
                        acc[co] = s.UseBias ? b[co] : 0;
                    }

                    for (int ky = 0; ky < k; ky++)
                    {
                        int iy = oy * s.Stride - s.PadTop + ky;
                        if (iy < 0 || iy >= s.Height)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < k; kx++)
                        {
                            int ix = ox * s.Stride - s.PadLeft + kx;
                            if (ix < 0 || ix >= s.Width)
                            {
                                continue;
                            }

                            int xBase = ((n * s.Height + iy) * s.Width + ix) * c;
                            if (s.Depthwise)
                            {
                                for (int ch = 0; ch < c; ch++)
                                {
                                    acc[ch] += x[xBase + ch] * w[(ky * k + kx) * c + ch];
                                }

                                continue;
                            }

                            int wBase = (ky * k + kx) * c * f;
                            for (int ci = 0; ci < c; ci++)
                            {
                                double xv = x[xBase + ci];
                                int row = wBase + ci * f;
                                for (int co = 0; co < f; co++)
                                {
                                    acc[co] += xv * w[row + co];
                                }
                            }
                        }
                    }

                    int outBase = ((n * oh + oy) * ow + ox) * f;
                    for (int co = 0; co < f; co++)
                    {
                        loss += r[outBase + co] * acc[co];
                    }
                }
            }
        }

        return loss;
    }

    public static double[] ToDouble(float[] v) => Array.ConvertAll(v, x => (double)x);

    public static double[] Step(double[] v, float[] direction, double h)
    {
        var result = (double[])v.Clone();
        for (int i = 0; i < result.Length; i++)
        {
            result[i] += h * direction[i];
        }

        return result;
    }

    public static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    public static double AbsDot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs((double)a[i] * b[i]);
        }

        return sum;
    }
}
