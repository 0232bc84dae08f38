using System;

namespace ConvGen;

/// <summary>
/// Keras's <c>EarlyStopping</c>: stops when the monitored figure (validation loss by default) has not improved by
/// more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs; optionally restores the best weights.
/// </summary>
public sealed class EarlyStopping : ITrainingCallback
{
    private double _best = double.PositiveInfinity;
    private int _wait;
    private float[][]? _bestWeights;

    /// <summary>Creates the callback; <paramref name="patience"/> and <paramref name="minDelta"/> must not be negative (nor <paramref name="minDelta"/> NaN).</summary>
    public EarlyStopping(int patience = 0, double minDelta = 0, bool monitorValidationLoss = true, bool restoreBestWeights = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!(minDelta >= 0) || double.IsInfinity(minDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"minDelta must be finite and not negative; got {minDelta}.");
        }

        Patience = patience;
        MinDelta = minDelta;
        MonitorValidationLoss = monitorValidationLoss;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Smallest decrease that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Monitor val_loss (true) or loss (false).</summary>
    public bool MonitorValidationLoss { get; }

    /// <summary>Put back the weights of the best epoch when stopping.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The epoch whose monitored value was best.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc />
    public bool OnEpochEnd(Network network, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        double current = MonitorValidationLoss
            ? result.ValidationLoss ?? throw new InvalidOperationException("EarlyStopping monitors val_loss but Fit was given no validation data.")
            : result.Loss;
        if (current < _best - MinDelta)
        {
            _best = current;
            _wait = 0;
            BestEpoch = result.Epoch;
            if (RestoreBestWeights)
            {
                _bestWeights = network.CopyWeights();
            }

            return false;
        }

        if (++_wait <= Patience)
        {
            return false;
        }

        if (RestoreBestWeights && _bestWeights is not null)
        {
            network.SetWeights(_bestWeights);
        }

        return true;
    }
}
