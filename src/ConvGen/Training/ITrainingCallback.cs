namespace ConvGen;

/// <summary>Called by <see cref="SequentialNetwork.Fit"/> at the end of every epoch.</summary>
public interface ITrainingCallback
{
    /// <summary>Sees the epoch's figures; returns true to stop training.</summary>
    bool OnEpochEnd(SequentialNetwork network, EpochResult result);
}
