using System;
using Xunit;

namespace ConvGen.Tests;

/// <summary>
/// Checks a backward pass against central finite differences of the loss <c>Σ y·dy</c> (whose gradient with respect
/// to <c>x</c> is exactly what the backward pass of <c>y = f(x)</c> computes from <c>dy</c>).
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// <paramref name="forward"/> writes <c>y = f(x)</c> for the current <paramref name="x"/>; every
    /// <paramref name="every"/>-th element of <paramref name="x"/> is nudged by ±<paramref name="h"/> and the numeric
    /// derivative must agree with <paramref name="dx"/> within <paramref name="tolerance"/> × max(1, |dx|).
    /// </summary>
    public static void AssertMatches(float[] x, float[] y, float[] dy, float[] dx, Action forward, float h, double tolerance, int every = 1)
    {
        double Loss()
        {
            forward();
            double loss = 0;
            for (int i = 0; i < y.Length; i++)
            {
                loss += (double)y[i] * dy[i];
            }

            return loss;
        }

        for (int i = 0; i < x.Length; i += every)
        {
            float saved = x[i];
            x[i] = saved + h;
            double up = Loss();
            x[i] = saved - h;
            double down = Loss();
            x[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - dx[i]) <= tolerance * Math.Max(1, Math.Abs(dx[i])), $"d loss / d x[{i}]: finite difference {numeric}, backward {dx[i]}");
        }
    }
}
