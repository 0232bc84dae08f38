using System;

namespace ConvGen;

/// <summary>
/// Thrown by <see cref="Network.Fit"/> when a batch's loss is NaN or infinite (Keras's <c>TerminateOnNaN</c>, always
/// on): training has diverged — a learning rate too high, or a NaN in the weights. The step of that batch updated no
/// weight, so the network holds the weights of the batch before (batch normalisation's moving statistics may already
/// hold the failing batch's values).
/// </summary>
public sealed class NonFiniteLossException : ArithmeticException
{
    /// <summary>Creates the exception for batch <paramref name="batch"/> of <paramref name="batches"/> in epoch <paramref name="epoch"/>.</summary>
    public NonFiniteLossException(int epoch, int batch, int batches, double loss)
        : base($"Training stopped: the loss of epoch {epoch}, batch {batch} of {batches} is {loss} (the weights were left as they were before that batch). " +
               "A lower learning rate usually helps; a NaN in the weights or the data makes every loss NaN.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The epoch (from 1) whose batch diverged.</summary>
    public int Epoch { get; }

    /// <summary>The batch (from 1) whose loss was not finite.</summary>
    public int Batch { get; }

    /// <summary>That batch's mean loss (NaN or infinite).</summary>
    public double Loss { get; }
}
