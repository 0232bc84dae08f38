using System;
using System.Diagnostics;
using System.Globalization;

namespace ConvGen.Samples;

/// <summary>
/// A live progress bar per epoch on the terminal (redrawn in place; nothing when the output is redirected), and one
/// line per finished epoch in Keras's style. The first trained batch prints the time since the process started
/// (start-up: runtime, data, network, first step; the README compares the JIT and NativeAOT builds with it).
/// </summary>
public sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private readonly bool _live = !Console.IsOutputRedirected;
    private int _lastDrawn = -1;
    private bool _firstBatchReported;

    public void Report(TrainingProgress p)
    {
        if (!_firstBatchReported)
        {
            _firstBatchReported = true;
            using Process self = Process.GetCurrentProcess();
            TimeSpan sinceStart = DateTime.Now - self.StartTime;   // the start time has the kernel's 10 ms resolution
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first batch trained {sinceStart.TotalSeconds:F3} s after the process started"));
        }

        if (!_live)
        {
            return;
        }

        int percent = p.Batch * 100 / p.Batches;
        if (percent == _lastDrawn && p.Batch != p.Batches)
        {
            return;
        }

        _lastDrawn = percent;
        const int width = 30;
        int filled = p.Batch * width / p.Batches;
        Console.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rEpoch {p.Epoch}/{p.Epochs} [{new string('=', filled)}{(filled < width ? ">" : string.Empty)}{new string('.', Math.Max(0, width - filled - 1))}] {p.Batch}/{p.Batches} - loss: {p.Loss:F4} - accuracy: {p.Accuracy:F4}   "));
    }

    /// <summary>Ends the bar and writes the epoch's line.</summary>
    public void EpochEnded(EpochResult r, int epochs)
    {
        if (_live)
        {
            Console.Write('\r' + new string(' ', 110) + '\r');
        }

        _lastDrawn = -1;
        string validation = r.ValidationLoss is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" - val_loss: {r.ValidationLoss:F4} - val_accuracy: {r.ValidationAccuracy:F4}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {r.Epoch}/{epochs} - {r.Seconds:F1}s - loss: {r.Loss:F4} - accuracy: {r.Accuracy:F4}{validation}"));
    }
}
