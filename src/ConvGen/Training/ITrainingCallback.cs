namespace ConvGen;

/// <summary>Called by <see cref="Network.Fit"/> at the end of every epoch.</summary>
public interface ITrainingCallback
{
    /// <summary>Sees the epoch's figures; returns true to stop training.</summary>
    bool OnEpochEnd(Network network, EpochResult result);
}
