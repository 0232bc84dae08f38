using System;
using System.Collections.Generic;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>Adam and SGD against their update rules computed by hand in double precision.</summary>
public class OptimizerTests
{
    private static Parameter Make(float[] values, float[] gradient)
    {
        var p = new Parameter("p", values.Length);
        values.CopyTo(p.Value, 0);
        gradient.CopyTo(p.Gradient, 0);
        return p;
    }

    [Fact]
    public void AdamFollowsKerasUpdateRule()
    {
        var random = new Random(1);
        float[] w0 = new float[19], g1 = new float[19], g2 = new float[19];
        for (int i = 0; i < 19; i++)
        {
            w0[i] = (float)random.NextDouble();
            g1[i] = (float)(random.NextDouble() - 0.5);
            g2[i] = (float)(random.NextDouble() - 0.5);
        }

        Parameter p = Make(w0, g1);
        var adam = new Adam();
        adam.Step(new List<Parameter> { p });
        g2.CopyTo(p.Gradient, 0);
        adam.Step(new List<Parameter> { p });
        for (int i = 0; i < 19; i++)
        {
            double m = 0, v = 0, w = w0[i];
            double[] grads = { g1[i], g2[i] };
            for (int t = 1; t <= 2; t++)
            {
                m = 0.9 * m + 0.1 * grads[t - 1];
                v = 0.999 * v + 0.001 * grads[t - 1] * grads[t - 1];
                double alpha = 0.001 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
                w -= alpha * m / (Math.Sqrt(v) + 1e-7);
            }

            Assert.Equal(w, p.Value[i], 6);
        }

        Assert.Equal(2, adam.Iterations);
    }

    [Fact]
    public void SgdWithMomentum()
    {
        Parameter p = Make(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new float[] { 1, 1, 1, 1, 1, 1, 1, 1, -1 });
        var sgd = new Sgd(0.1f, 0.5f);
        sgd.Step(new List<Parameter> { p });
        sgd.Step(new List<Parameter> { p });
        // v1 = -0.1 g, v2 = 0.5 v1 - 0.1 g = -0.15 g: w = w0 - 0.25 g.
        Assert.Equal(1 - 0.25f, p.Value[0], 5);
        Assert.Equal(9 + 0.25f, p.Value[8], 5);
    }
}
