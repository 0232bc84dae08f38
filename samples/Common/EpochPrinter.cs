namespace ConvGen.Samples;

/// <summary>A callback that hands each finished epoch to <see cref="ConsoleProgress"/>.</summary>
public sealed class EpochPrinter(ConsoleProgress progress, int epochs) : ITrainingCallback
{
    public bool OnEpochEnd(Network network, EpochResult result)
    {
        progress.EpochEnded(result, epochs);
        return false;
    }
}
