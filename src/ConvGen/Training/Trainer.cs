using System;
using System.Diagnostics;

namespace ConvGen;

/// <summary>
/// The training loop behind <see cref="Network.Fit"/> (Keras's <c>trainers/trainer.py</c>): epochs of shuffled
/// batches, each an optimisation step run by the <see cref="StepScheduler"/>; progress after every batch; validation,
/// the epoch's figures and the callbacks after every epoch; the history. A batch whose loss is not finite stops
/// training with a <see cref="NonFiniteLossException"/> naming the epoch and batch (its step updated nothing).
/// </summary>
internal sealed class Trainer
{
    private readonly Network _network;
    private readonly NetworkGraph _graph;
    private readonly StepScheduler _scheduler;

    public Trainer(Network network, NetworkGraph graph, StepScheduler scheduler)
    {
        _network = network;
        _graph = graph;
        _scheduler = scheduler;
    }

    public TrainingHistory Fit(WorkerPool pool, ImageDataset train, FitOptions options, Func<ImageDataset, Evaluation> evaluate)
    {
        Optimizer optimizer = options.Optimizer ?? new Adam();
        var history = new TrainingHistory();
        int[] order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var shuffler = new Random(options.Seed);
        _scheduler.Seed = options.Seed;
        int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (options.Shuffle)
            {
                shuffler.Shuffle(order);
            }

            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            for (int b = 0; b < batches; b++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                int start = b * options.BatchSize;
                int count = Math.Min(options.BatchSize, train.Count - start);
                (double loss, int right) = _scheduler.TrainStep(pool, Batch.Of(train, order, start, count), optimizer);
                if (!double.IsFinite(loss))
                {
                    throw new NonFiniteLossException(epoch, b + 1, batches, loss / count);
                }

                lossSum += loss;
                correct += right;
                seen += count;
                options.Progress?.Report(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen));
            }

            double seconds = clock.Elapsed.TotalSeconds;
            Evaluation? validation = options.ValidationData is null ? null : evaluate(options.ValidationData);
            var result = new EpochResult(epoch, lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), validation?.Loss, validation?.Accuracy, seconds);
            history.Add(result);
            bool stop = false;
            foreach (ITrainingCallback callback in options.Callbacks)
            {
                stop |= callback.OnEpochEnd(_network, result);
            }

            if (stop)
            {
                history.StoppedEarly = true;
                break;
            }
        }

        return history;
    }

    /// <summary>Throws unless <paramref name="options"/> can train <paramref name="train"/>: every problem named.</summary>
    public void Check(ImageDataset train, FitOptions options)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException($"Network '{_network.Name}' cannot train on an empty data set (train holds no images).", nameof(train));
        }

        if (!_graph.EndsInSoftmax)
        {
            throw new InvalidOperationException($"Network '{_network.Name}' trains and evaluates with categorical cross-entropy, which needs a last Dense layer with Activation.Softmax.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "options.BatchSize");
        ArgumentOutOfRangeException.ThrowIfNegative(options.Epochs, "options.Epochs");
        if (options.Callbacks is null)
        {
            throw new ArgumentNullException("options.Callbacks", "FitOptions.Callbacks is null; leave it unset for no callbacks.");
        }

        for (int i = 0; i < options.Callbacks.Count; i++)
        {
            if (options.Callbacks[i] is null)
            {
                throw new ArgumentException($"FitOptions.Callbacks[{i}] is null.", "options");
            }
        }

        if (options.ValidationData is { Count: 0 })
        {
            throw new ArgumentException("FitOptions.ValidationData holds no images; leave it unset for no validation.", "options");
        }
    }
}
