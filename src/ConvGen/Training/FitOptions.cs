using System;
using System.Collections.Generic;
using System.Threading;

namespace ConvGen;

/// <summary>How <see cref="Network.Fit"/> trains (Keras's <c>model.fit</c> arguments).</summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per gradient step. Default 64 (the seed model's).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Evaluated after every epoch (val_loss, val_accuracy) when set.</summary>
    public ImageDataset? ValidationData { get; init; }

    /// <summary>Reshuffle the training images every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seeds shuffling and dropout. The same seed and thread count give bit-identical weights.</summary>
    public int Seed { get; init; }

    /// <summary>The optimiser; default <see cref="Adam"/> with Keras's defaults.</summary>
    public Optimizer? Optimizer { get; init; }

    /// <summary>Receives a report after every batch.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Called after every epoch; any can stop training.</summary>
    public IReadOnlyList<ITrainingCallback> Callbacks { get; init; } = Array.Empty<ITrainingCallback>();

    /// <summary>Stops training between batches; <see cref="Network.Fit"/> then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }
}
