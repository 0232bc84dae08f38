using System.Collections.Generic;

namespace ConvGen;

/// <summary>What <see cref="Network.Fit"/> returns: one result per completed epoch.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochResult> _epochs = new();

    /// <summary>The epochs, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>True when a callback stopped training early.</summary>
    public bool StoppedEarly { get; internal set; }

    internal void Add(EpochResult result) => _epochs.Add(result);
}
