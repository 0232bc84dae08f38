using System;

namespace ConvGen;

/// <summary>Softmax and categorical cross-entropy fused, computed with log-sum-exp so large logits cannot overflow.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// For each row of <paramref name="logits"/>: adds −log softmax(z)[label] to the returned loss sum and writes
    /// (softmax(z) − onehot(label)) · <paramref name="gradientScale"/> into <paramref name="gradient"/>. Returns the
    /// summed loss and the number of rows whose largest logit is the label.
    /// </summary>
    public static (double LossSum, int Correct) LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<byte> labels, Span<float> gradient, int rows, int classes, float gradientScale)
    {
        double loss = 0;
        int correct = 0;
        for (int n = 0; n < rows; n++)
        {
            ReadOnlySpan<float> z = logits.Slice(n * classes, classes);
            int label = labels[n];
            int best = ArgMax(z);
            correct += best == label ? 1 : 0;
            float max = z[best];
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(z[c] - max);
            }

            double logSum = Math.Log(sum);
            loss += logSum - (z[label] - max);
            if (!gradient.IsEmpty)
            {
                Span<float> g = gradient.Slice(n * classes, classes);
                for (int c = 0; c < classes; c++)
                {
                    double p = Math.Exp(z[c] - max - logSum);
                    g[c] = (float)((p - (c == label ? 1 : 0)) * gradientScale);
                }
            }
        }

        return (loss, correct);
    }

    /// <summary>Replaces each row of logits by its softmax probabilities.</summary>
    public static void Softmax(Span<float> logits, int rows, int classes)
    {
        for (int n = 0; n < rows; n++)
        {
            Span<float> z = logits.Slice(n * classes, classes);
            float max = z[ArgMax(z)];
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(z[c] - max);
            }

            for (int c = 0; c < classes; c++)
            {
                z[c] = (float)(Math.Exp(z[c] - max) / sum);
            }
        }
    }

    /// <summary>Index of the first largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
