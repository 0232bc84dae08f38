using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// A sequential network with a Keras-like API, the base of every generated <c>[ConvNet]</c> class. Training is
/// data-parallel: each batch is split between <see cref="Threads"/> workers that own their activations and
/// gradients (planned once per batch size), and the workers' parameter gradients are summed in worker order, so a
/// seed and a thread count always give the same weights. A steady-state training step allocates nothing.
/// </summary>
public class SequentialNetwork : IDisposable
{
    private readonly Layer[] _layers;
    private readonly int[] _layerOfParameter;
    private readonly int[] _indexInLayer;

    // The graph: each layer's inputs (−1: the network's input), how many layers read each output (index + 1; 0 is the
    // network's input), and whether anything trainable lies at or before each layer (so its output needs a gradient).
    private readonly int[][] _inputs;
    private readonly int[] _readers;
    private readonly bool[] _trainableUpstream;
    private readonly FusionPlan _fusion;
    private readonly int _inputHeight, _inputWidth, _inputChannels;
    private readonly Action<int> _trainWork;
    private readonly Action<int> _stepWork;
    private Optimizer? _optimizer;

    // A training step's second half, as tasks taken in turn by whichever worker is free: per layer with parameters or
    // repacked layouts, from the last layer down (the order the backward pass finishes them), its update (Job −1: sum
    // the workers' gradients and run the optimiser on each parameter) and then each of its repack jobs.
    private readonly (int Layer, int Job)[] _stepTasks;
    private int _nextTask;
    // The step whose update of each layer has finished (its repack jobs wait for it).
    private readonly long[] _updatedAt;
    // Set when a worker fails in this step: nobody waits for it or takes further tasks.
    private volatile bool _stepFailed;
    private readonly int[] _firstParameter;
    // The pool whose threads have each repacked every layer once: repacking keeps per-thread scratch (the flipped and
    // transposed weights), and any thread may take any repack task, so each allocates its scratch before the first
    // step instead of in whichever later step it first gets the largest layer.
    private WorkerPool? _repackWarmed;
    private readonly Action<int> _warmRepack;
    private readonly object _warmRepackLock = new();
    private readonly Action<int> _inferWork;
    private Worker[] _workers = Array.Empty<Worker>();
    private int _plannedSlice;
    private WorkerPool? _pool;
    private int _threads = Math.Max(1, Environment.ProcessorCount);

    // The batch the workers are on.
    private ImageDataset? _data;
    private int[]? _order;
    private float[]? _floatImages;
    private int _batchStart, _batchCount;
    private float[]? _predictions;
    private bool _computeLoss;
    private long _step;
    private long _workStep;
    private readonly BatchSync _sync = new();
    private readonly int _syncWidth;
    private int _seed;

    /// <summary>
    /// Builds the network from its declaration and initialises its weights (Glorot-uniform, zero biases);
    /// <paramref name="inferenceOnly"/> for a network declared <c>[ConvNet(InferenceOnly = true)]</c>, whose kernels
    /// compute no gradients (<see cref="Fit"/> throws).
    /// </summary>
    protected SequentialNetwork(string name, int inputHeight, int inputWidth, int inputChannels, IReadOnlyList<LayerDefinition> layers, IReadOnlyList<LayerSummary> summary, int seed, bool inferenceOnly = false)
    {
        Name = name;
        InferenceOnly = inferenceOnly;
        _inputHeight = inputHeight;
        _inputWidth = inputWidth;
        _inputChannels = inputChannels;
        LayerSummaries = summary;
        (_layers, _inputs) = Build(layers, inputHeight, inputWidth, inputChannels);
        _readers = new int[_layers.Length + 1];
        _trainableUpstream = new bool[_layers.Length];
        var parameters = new List<Parameter>();
        var layerOf = new List<int>();
        var indexIn = new List<int>();
        for (int l = 0; l < _layers.Length; l++)
        {
            bool upstream = false;
            foreach (int input in _inputs[l])
            {
                _readers[input + 1]++;
                upstream |= input >= 0 && _trainableUpstream[input];
            }

            for (int i = 0; i < _layers[l].Parameters.Count; i++)
            {
                parameters.Add(_layers[l].Parameters[i]);
                layerOf.Add(l);
                indexIn.Add(i);
                upstream |= _layers[l].Parameters[i].Trainable;
            }

            _trainableUpstream[l] = upstream;
        }

        _fusion = new FusionPlan(_layers, _inputs, _readers, layers);
        Parameters = parameters;
        _layerOfParameter = layerOf.ToArray();
        _indexInLayer = indexIn.ToArray();
        foreach (Layer layer in _layers)
        {
            _syncWidth = Math.Max(_syncWidth, layer.SyncWidth);
        }

        _trainWork = GradientWorker;
        _stepWork = StepWorker;
        _firstParameter = new int[_layers.Length];
        for (int l = 1; l < _layers.Length; l++)
        {
            _firstParameter[l] = _firstParameter[l - 1] + _layers[l - 1].Parameters.Count;
        }

        _stepTasks = Enumerable.Range(0, _layers.Length).Reverse()
            .Where(l => _layers[l].Parameters.Count > 0 || _layers[l].RepackJobs > 0)
            .SelectMany(l => Enumerable.Range(-1, _layers[l].RepackJobs + 1).Select(job => (l, job)))
            .ToArray();
        _updatedAt = new long[_layers.Length];
        _warmRepack = _ =>
        {
            lock (_warmRepackLock)
            {
                foreach (Layer layer in _layers)
                {
                    layer.OnParametersChanged();
                }
            }
        };
        _inferWork = InferWorker;
        InitializeWeights(seed);
    }

    /// <summary>The class name of the network.</summary>
    public string Name { get; }

    /// <summary>Whether the network was declared <c>[ConvNet(InferenceOnly = true)]</c>: it runs inference and cannot be trained.</summary>
    public bool InferenceOnly { get; }

    /// <summary>The layers with their output shapes and parameter counts (computed at compile time).</summary>
    public IReadOnlyList<LayerSummary> LayerSummaries { get; }

    /// <summary>Every trainable tensor, in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Floats the network outputs per image (its classes).</summary>
    public int OutputCount => _layers[^1].OutputLength;

    /// <summary>
    /// Fold batch normalisation into the preceding convolution at inference (default true): one generated kernel
    /// computes both, so the normalisation costs nothing. Off, inference runs the two layers one after the other.
    /// </summary>
    public bool FoldBatchNormalization { get; set; } = true;

    /// <summary>Worker threads per batch (default: the processor count).</summary>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            if (value != _threads)
            {
                _threads = value;
                _pool?.Dispose();
                _pool = null;
                _plannedSlice = 0;
            }
        }
    }

    /// <summary>Re-initialises every parameter as Keras does (Glorot-uniform kernels, zero biases) from <paramref name="seed"/>.</summary>
    public void InitializeWeights(int seed)
    {
        var random = new Random(seed);
        foreach (Layer layer in _layers)
        {
            layer.Initialize(random);
        }
    }

    /// <summary>A Keras-style table of the layers, output shapes and parameter counts.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        string rule = new('_', 80);
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: \"{Name}\"");
        text.AppendLine(rule);
        text.AppendLine(" Layer (type)                      Output Shape                  Param #");
        text.AppendLine(new string('=', 80));
        long total = 0, frozen = 0;
        foreach (LayerSummary layer in LayerSummaries)
        {
            string name = $"{layer.Name} ({layer.Type})";
            text.AppendLine(CultureInfo.InvariantCulture, $" {name,-33} {layer.KerasShape,-29} {layer.Parameters.ToString("N0", CultureInfo.InvariantCulture)}");
            total += layer.Parameters;
            frozen += layer.NonTrainableParameters;
        }

        text.AppendLine(new string('=', 80));
        text.AppendLine(CultureInfo.InvariantCulture, $"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {(total - frozen).ToString("N0", CultureInfo.InvariantCulture)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Non-trainable params: {frozen.ToString("N0", CultureInfo.InvariantCulture)}");
        text.Append(rule);
        return text.ToString();
    }

    /// <summary>
    /// Trains with categorical cross-entropy on <paramref name="train"/>'s labels (Keras's <c>model.fit</c>). The
    /// last layer must be a Dense layer with softmax.
    /// </summary>
    public TrainingHistory Fit(ImageDataset train, FitOptions? options = null)
    {
        if (InferenceOnly)
        {
            throw new InvalidOperationException(
                $"Network '{Name}' is declared [ConvNet(InferenceOnly = true)]: its kernels compute no gradients, so it cannot be trained. Load trained weights (LoadWeights, SetWeights) and run Predict or Evaluate.");
        }

        options ??= new FitOptions();
        CheckData(train, nameof(train));
        CheckSoftmaxOutput();
        if (options.ValidationData is not null)
        {
            CheckData(options.ValidationData, nameof(options.ValidationData));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 0);
        Optimizer optimizer = options.Optimizer ?? new Adam();
        var history = new TrainingHistory();
        int[] order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var shuffler = new Random(options.Seed);
        _seed = options.Seed;
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
                (double loss, int right) = TrainStep(train, order, start, count, optimizer);
                lossSum += loss;
                correct += right;
                seen += count;
                options.Progress?.Report(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen));
            }

            double seconds = clock.Elapsed.TotalSeconds;
            Evaluation? validation = options.ValidationData is null ? null : Evaluate(options.ValidationData);
            var result = new EpochResult(epoch, lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), validation?.Loss, validation?.Accuracy, seconds);
            history.Add(result);
            bool stop = false;
            foreach (ITrainingCallback callback in options.Callbacks)
            {
                stop |= callback.OnEpochEnd(this, result);
            }

            if (stop)
            {
                history.StoppedEarly = true;
                break;
            }
        }

        return history;
    }

    /// <summary>
    /// One optimisation step on images <paramref name="order"/>[start..start+count) of <paramref name="data"/>:
    /// returns the summed loss and the number of correct predictions. Allocates nothing once planned. The workers run
    /// the whole step in one go: each computes its share's gradients, then takes the step's update and repack tasks in
    /// turn; a layer's update starts as soon as every worker's backward pass is past that layer, so a worker that
    /// finishes its share early updates the last layers while the others still run the first ones.
    /// </summary>
    internal (double LossSum, int Correct) TrainStep(ImageDataset data, int[] order, int start, int count, Optimizer optimizer)
    {
        BeginBatch(data, order, start, count, ++_step);
        optimizer.BeginStep(Parameters);
        _optimizer = optimizer;
        if (_repackWarmed != Pool)
        {
            Pool.Run(_warmRepack);
            _repackWarmed = Pool;
        }

        _stepFailed = false;
        _nextTask = 0;
        foreach (Worker w in _workers)
        {
            w.Progress = int.MaxValue;
        }

        try
        {
            Pool.Run(_stepWork);
        }
        finally
        {
            _optimizer = null;
        }

        return EndBatch();
    }

    /// <summary>
    /// Forward and backward passes over a batch with the dropout masks of <paramref name="step"/>: fills every
    /// <see cref="Parameter.Gradient"/> (of the batch-mean loss) without updating anything.
    /// </summary>
    internal (double LossSum, int Correct) ComputeGradients(ImageDataset data, int[] order, int start, int count, long step)
    {
        BeginBatch(data, order, start, count, step);
        Pool.Run(_trainWork);
        for (int p = 0; p < Parameters.Count; p++)
        {
            SumGradient(p);
        }

        return EndBatch();
    }

    private void BeginBatch(ImageDataset data, int[] order, int start, int count, long step)
    {
        Plan(count);
        _data = data;
        _order = order;
        _batchStart = start;
        _batchCount = count;
        _workStep = step;
        _sync.Reset(Math.Min(count, _workers.Length), _workers.Length, _syncWidth);
    }

    private (double LossSum, int Correct) EndBatch()
    {
        double loss = 0;
        int correct = 0;
        for (int w = 0; w < _workers.Length; w++)
        {
            loss += _workers[w].Loss;
            correct += _workers[w].Correct;
        }

        _data = null;
        _order = null;
        return (loss, correct);
    }

    // Parameter p's gradient: the workers' gradients summed in worker order (so the result does not depend on timing).
    private void SumGradient(int p)
    {
        if (!Parameters[p].Trainable)
        {
            return;
        }

        float[] total = Parameters[p].Gradient;
        Array.Clear(total);
        for (int w = 0; w < _workers.Length; w++)
        {
            if (_workers[w].Count == 0)
            {
                continue;
            }

            float[] part = _workers[w].Workspaces[_layerOfParameter[p]].ParameterGradients[_indexInLayer[p]];
            VectorMath.AddInPlace(total, part);
        }
    }

    // One worker's whole training step: its share's gradients, then update and repack tasks until none is left. A
    // worker that fails marks the step failed, so that no other waits for it; the pool rethrows its exception.
    private void StepWorker(int index)
    {
        try
        {
            TrainWorker(index);
            Volatile.Write(ref _workers[index].Progress, -1);
            for (int t = Interlocked.Increment(ref _nextTask) - 1; t < _stepTasks.Length && !_stepFailed; t = Interlocked.Increment(ref _nextTask) - 1)
            {
                (int l, int job) = _stepTasks[t];
                if (job < 0)
                {
                    if (!WaitForBackward(l))
                    {
                        return;
                    }

                    for (int p = _firstParameter[l]; p < _firstParameter[l] + _layers[l].Parameters.Count; p++)
                    {
                        if (Parameters[p].Trainable)
                        {
                            SumGradient(p);
                            _optimizer!.Update(Parameters[p]);
                        }
                    }

                    Volatile.Write(ref _updatedAt[l], _step);
                }
                else
                {
                    if (!WaitForUpdate(l))
                    {
                        return;
                    }

                    _layers[l].Repack(job);
                }
            }
        }
        catch
        {
            _stepFailed = true;
            _sync.Abandon();
            throw;
        }
    }

    // One worker's share of the gradients (ComputeGradients): a worker that fails releases the others from the batch's
    // reductions, where they would otherwise wait for it for ever.
    private void GradientWorker(int index)
    {
        try
        {
            TrainWorker(index);
        }
        catch
        {
            _sync.Abandon();
            throw;
        }
    }

    // Waits until every worker's backward pass is past layer l (its parameter gradients are final and nobody reads its
    // weights again this step); false if the step failed.
    private bool WaitForBackward(int l)
    {
        var spinner = default(SpinWait);
        foreach (Worker w in _workers)
        {
            while (Volatile.Read(ref w.Progress) >= l)
            {
                if (_stepFailed)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        return true;
    }

    // Waits until layer l's update task has finished; false if the step failed.
    private bool WaitForUpdate(int l)
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _updatedAt[l]) != _step)
        {
            if (_stepFailed)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return true;
    }

    /// <summary>Mean loss and accuracy over <paramref name="data"/> (Keras's <c>model.evaluate</c>).</summary>
    public Evaluation Evaluate(ImageDataset data, int batchSize = 256)
    {
        CheckData(data, nameof(data));
        CheckSoftmaxOutput();
        double loss = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            (double l, int c) = Infer(data, null, start, count, computeLoss: true);
            loss += l;
            correct += c;
        }

        return new Evaluation(loss / Math.Max(1, data.Count), (double)correct / Math.Max(1, data.Count));
    }

    /// <summary>Class probabilities for every image of <paramref name="data"/>: <c>Count × OutputLength</c> floats.</summary>
    public float[] Predict(ImageDataset data, int batchSize = 256)
    {
        CheckData(data, nameof(data));
        var result = new float[data.Count * OutputCount];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            Infer(data, result, start, count, computeLoss: false);
        }

        return result;
    }

    /// <summary>
    /// Runs the network on <paramref name="count"/> NHWC float images and writes its outputs (softmax probabilities
    /// when the last layer is a softmax Dense layer, else the last layer's values): any network, any head.
    /// </summary>
    public void Predict(float[] images, float[] outputs, int count, int batchSize = 256)
    {
        int inputLength = _inputHeight * _inputWidth * _inputChannels;
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(outputs);
        if (images.Length < (long)count * inputLength || outputs.Length < (long)count * OutputCount)
        {
            throw new ArgumentException($"{count} images need {(long)count * inputLength} input floats (got {images.Length}) and {(long)count * OutputCount} output floats (got {outputs.Length}).");
        }

        _floatImages = images;
        try
        {
            for (int start = 0; start < count; start += batchSize)
            {
                Infer(null, outputs, start, Math.Min(batchSize, count - start), computeLoss: false);
            }
        }
        finally
        {
            _floatImages = null;
        }
    }

    /// <summary>The most probable class of each image.</summary>
    public int[] PredictClasses(ImageDataset data, int batchSize = 256)
    {
        float[] probabilities = Predict(data, batchSize);
        var classes = new int[data.Count];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = SoftmaxCrossEntropy.ArgMax(probabilities.AsSpan(i * OutputCount, OutputCount));
        }

        return classes;
    }

    /// <summary>The output of the layer named <paramref name="layerName"/> for image <paramref name="index"/> (NHWC, one image).</summary>
    public float[] LayerOutput(ImageDataset data, int index, string layerName)
    {
        CheckData(data, nameof(data));
        int layer = Array.FindIndex(_layers, l => l.Name == layerName);
        if (layer < 0)
        {
            throw new ArgumentException($"Network '{Name}' has no layer named '{layerName}'.", nameof(layerName));
        }

        Plan(1);
        Worker w = _workers[0];
        data.CopyImage(index, w.Activations[0]);
        RunForward(w, 1, layer, new StepContext(false, _seed, 0, 0), fold: false);
        var output = new float[_layers[layer].OutputLength];
        if (_layers[layer] is Conv2DLayer conv)
        {
            conv.CopyOutput(w.Activations[layer + 1], output, 1);
        }
        else
        {
            w.Activations[layer + 1].AsSpan(0, output.Length).CopyTo(output);
        }

        return output;
    }

    /// <summary>Saves every parameter to <paramref name="path"/> (atomically: written aside, then renamed).</summary>
    public void SaveWeights(string path)
    {
        var tensors = new List<WeightFile.Tensor>(Parameters.Count);
        foreach (Parameter p in Parameters)
        {
            tensors.Add(new WeightFile.Tensor(p.Name, p.Shape, p.Value));
        }

        WeightFile.Write(path, Name, tensors);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="SaveWeights"/>. The file must be intact and hold exactly this network's
    /// tensors; otherwise <see cref="InvalidDataException"/> is thrown and the network is unchanged.
    /// </summary>
    public void LoadWeights(string path)
    {
        var (network, tensors) = WeightFile.Read(path);
        if (network != Name)
        {
            throw new InvalidDataException($"Weight file '{path}' holds the weights of network '{network}', not '{Name}'.");
        }

        if (tensors.Count != Parameters.Count)
        {
            throw new InvalidDataException($"Weight file '{path}' holds {tensors.Count} tensors; network '{Name}' has {Parameters.Count}.");
        }

        for (int i = 0; i < tensors.Count; i++)
        {
            Parameter p = Parameters[i];
            WeightFile.Tensor t = tensors[i];
            if (t.Name != p.Name || !SameShape(t.Shape, p.Shape))
            {
                throw new InvalidDataException(
                    $"Weight file '{path}' tensor {i} is '{t.Name}' of shape ({string.Join(", ", t.Shape)}); network '{Name}' expects '{p.Name}' of shape ({string.Join(", ", p.Shape)}).");
            }
        }

        var values = new float[tensors.Count][];
        for (int i = 0; i < tensors.Count; i++)
        {
            values[i] = tensors[i].Values;
        }

        SetWeights(values);
    }

    /// <summary>A copy of every parameter's values, in <see cref="Parameters"/> order.</summary>
    public float[][] CopyWeights()
    {
        var copy = new float[Parameters.Count][];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = (float[])Parameters[i].Value.Clone();
        }

        return copy;
    }

    /// <summary>Sets every parameter from <paramref name="values"/> (in <see cref="Parameters"/> order).</summary>
    public void SetWeights(IReadOnlyList<float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Parameters.Count)
        {
            throw new ArgumentException($"expected {Parameters.Count} tensors, got {values.Count}", nameof(values));
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (values[i].Length != Parameters[i].Length)
            {
                throw new ArgumentException($"tensor {i} ('{Parameters[i].Name}') needs {Parameters[i].Length} values, got {values[i].Length}", nameof(values));
            }
        }

        for (int i = 0; i < values.Count; i++)
        {
            values[i].CopyTo(Parameters[i].Value, 0);
        }

        foreach (Layer layer in _layers)
        {
            layer.OnParametersChanged();
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        _pool = null;
        GC.SuppressFinalize(this);
    }

    private WorkerPool Pool => _pool ??= new WorkerPool(_threads);

    /// <summary>Bytes the background worker threads allocated while running steps (for allocation tests).</summary>
    internal long WorkerAllocatedBytes => _pool?.BackgroundAllocatedBytes ?? 0;

    /// <summary>For tests: off, residual Adds run as their own layer instead of in the producing kernel's epilogue.</summary>
    internal bool FuseResidualAdds { get; set; } = true;

    /// <summary>For tests: how many Concatenate inputs are written in place by their producing kernels.</summary>
    internal int InPlaceConcatenationInputs => _layers.OfType<ConcatenateLayer>().Sum(c => c.InPlaceInputs);

    /// <summary>For tests: the network's convolution layers, in order.</summary>
    internal IEnumerable<Conv2DLayer> Convolutions => _layers.OfType<Conv2DLayer>();

    private (double Loss, int Correct) Infer(ImageDataset? data, float[]? predictions, int start, int count, bool computeLoss)
    {
        Plan(count);
        _data = data;
        _order = null;
        _batchStart = start;
        _batchCount = count;
        _predictions = predictions;
        _computeLoss = computeLoss;
        if (FoldBatchNormalization)
        {
            foreach (Layer layer in _layers)
            {
                if (layer is Conv2DLayer { CanFold: true } conv)
                {
                    conv.Fold();
                }
            }
        }

        Pool.Run(_inferWork);
        double loss = 0;
        int correct = 0;
        foreach (Worker w in _workers)
        {
            loss += w.Loss;
            correct += w.Correct;
        }

        _data = null;
        _predictions = null;
        return (loss, correct);
    }

    private (int First, int Count) Slice(int worker, int count)
    {
        int workers = _workers.Length;
        int share = count / workers, extra = count % workers;
        return (worker * share + Math.Min(worker, extra), share + (worker < extra ? 1 : 0));
    }

    private void LoadBatch(Worker w, int first)
    {
        if (_floatImages is not null)
        {
            int inputLength = _inputHeight * _inputWidth * _inputChannels;
            _floatImages.AsSpan((_batchStart + first) * inputLength, w.Count * inputLength).CopyTo(w.Activations[0]);
            return;
        }

        ImageDataset data = _data!;
        int length = data.ImageLength;
        for (int j = 0; j < w.Count; j++)
        {
            int position = _batchStart + first + j;
            int index = _order is null ? position : _order[position];
            data.CopyImage(index, w.Activations[0].AsSpan(j * length, length));
            w.Labels[j] = data.Labels[index];
        }
    }

    private void TrainWorker(int index)
    {
        if (BeginWorker(index) is not (Worker w, int first, int count))
        {
            return;
        }
        var step = new StepContext(true, _seed, _workStep, first, index, _batchCount, _sync);
        int last = _layers.Length;
        RunForward(w, count, last - 1, step, fold: false);
        int classes = _layers[last - 1].OutputLength;
        (w.Loss, w.Correct) = SoftmaxCrossEntropy.LossAndGradient(w.Activations[last], w.Labels, w.Gradients[last], count, classes, 1f / _batchCount);
        Array.Clear(w.Filled);
        w.Filled[last] = true;
        for (int l = last - 1; l >= 0; l--)
        {
            // Layers above l are done: their parameter gradients are final (see StepWorker).
            Volatile.Write(ref w.Progress, l);
            if (!_trainableUpstream[l] || !w.Filled[l + 1])
            {
                continue;
            }

            if (_layers[l] is MergeLayer merge)
            {
                merge.PrepareBackward(w.Activations[l + 1], w.Gradients[l + 1], count);
                for (int k = 0; k < _inputs[l].Length; k++)
                {
                    int input = _inputs[l][k];
                    if (merge is ConcatenateLayer concat && concat.IsInPlace(k))
                    {
                        // The convolution that wrote this slice reads its gradient straight from this layer's.
                        w.Filled[input + 1] = true;
                        continue;
                    }

                    if (input >= 0 && _trainableUpstream[input])
                    {
                        Span<float> target = GradientTarget(w, input, count);
                        merge.BackwardMerge(w.Activations[l + 1], w.Gradients[l + 1], k, target, count);
                        Accumulate(w, input, target, count);
                    }
                }

                continue;
            }

            if (l > 0 && _fusion.PooledBy[l - 1] == l && _trainableUpstream[l - 1] && PooledChunk(l - 1, count) is int chunk and > 0)
            {
                BackwardPooledInChunks(w, l - 1, count, chunk, step);
                l--;
                continue;
            }

            int source = _inputs[l][0];
            bool need = source >= 0 && _trainableUpstream[source];
            Span<float> gradInput = need ? GradientTarget(w, source, count) : default;
            _layers[l].Backward(w.Activations[source + 1], w.Activations[l + 1], w.Gradients[l + 1], gradInput, count, w.Workspaces[l], need, step);
            if (need)
            {
                Accumulate(w, source, gradInput, count);
            }
        }
    }

    /// <summary>
    /// The most bytes of a pooled convolution's output that training holds at once (0: no limit): the convolution and
    /// its max pooling then run a few images at a time through the start of the convolution's buffer, which stays in
    /// L2 for the pooling to read, and so, backwards, does the pooling's input gradient for the convolution. The seed
    /// model's first two pairs (100 KB and 50 KB per image) measured fastest at half the 1 MiB L2 (5 and 10 images;
    /// 2-thread step 11.3 ms against 11.7 at 256 KB and 12.3 with whole shares).
    /// </summary>
    internal int PooledChunkBytes { get; set; } = 512 * 1024;

    // Images per chunk for a convolution and the max pooling that alone reads it, when a worker's share is larger (else 0).
    internal int PooledChunk(int conv, int count)
    {
        if (_fusion.PooledBy[conv] < 0 || PooledChunkBytes <= 0)
        {
            return 0;
        }

        int chunk = Math.Max(1, PooledChunkBytes / (_layers[conv].OutputLength * sizeof(float)));
        return chunk < count ? chunk : 0;
    }

    // Chunk k of `chunks` nearly equal chunks of `count` images: its first image and its size.
    private static (int First, int Count) ChunkRange(int count, int chunks, int k)
    {
        int first = (int)((long)count * k / chunks);
        return (first, (int)((long)count * (k + 1) / chunks) - first);
    }

    // Convolution `conv` and its pooling, a few images at a time through the first chunk of the convolution's buffer.
    private void ForwardPooledInChunks(Worker w, int conv, int count, int chunk, in StepContext step)
    {
        var layer = (Conv2DLayer)_layers[conv];
        int pool = conv + 1;
        var pooling = (MaxPool2DLayer)_layers[pool];
        ReadOnlySpan<float> input = w.Activations[_inputs[conv][0] + 1];
        int inLength = layer.InputLength, middle = layer.OutputLength, outLength = pooling.OutputLength;
        int chunks = (count + chunk - 1) / chunk;
        for (int k = 0; k < chunks; k++)
        {
            (int s, int n) = ChunkRange(count, chunks, k);
            Span<float> activations = w.Activations[conv + 1].AsSpan(0, n * middle);
            layer.Forward(input.Slice(s * inLength, n * inLength), activations, n, w.Workspaces[conv], step);
            pooling.Forward(activations, w.Activations[pool + 1].AsSpan(s * outLength, n * outLength), n, w.Workspaces[pool], s, step);
        }
    }

    // The backward passes of the pooling and the convolution chunk by chunk, summing the convolution's parameter gradients.
    private void BackwardPooledInChunks(Worker w, int conv, int count, int chunk, in StepContext step)
    {
        var layer = (Conv2DLayer)_layers[conv];
        int pool = conv + 1;
        var pooling = (MaxPool2DLayer)_layers[pool];
        int source = _inputs[conv][0];
        bool need = source >= 0 && _trainableUpstream[source];
        Span<float> gradInput = need ? GradientTarget(w, source, count) : default;
        ReadOnlySpan<float> input = w.Activations[source + 1];
        int inLength = layer.InputLength, middle = layer.OutputLength, outLength = pooling.OutputLength;
        float[][] gradients = w.Workspaces[conv].ParameterGradients;
        float[][] sums = w.ChunkSums[conv]!;
        int chunks = (count + chunk - 1) / chunk;
        for (int k = 0; k < chunks; k++)
        {
            (int s, int n) = ChunkRange(count, chunks, k);
            Span<float> gradMiddle = w.Gradients[conv + 1].AsSpan(0, n * middle);
            pooling.Backward(w.Activations[pool + 1].AsSpan(s * outLength, n * outLength), w.Gradients[pool + 1].AsSpan(s * outLength, n * outLength), gradMiddle, n, w.Workspaces[pool], s);
            layer.Backward(input.Slice(s * inLength, n * inLength), w.Activations[conv + 1].AsSpan(0, n * middle), gradMiddle,
                need ? gradInput.Slice(s * inLength, n * inLength) : default, n, w.Workspaces[conv], need, step);
            for (int i = 0; i < gradients.Length; i++)
            {
                if (k == chunks - 1)
                {
                    // The last chunk adds the earlier chunks' sum into its own gradient (the same floats as sum +
                    // gradient: addition commutes), which leaves the total where the summing reads it, uncopied.
                    if (k > 0)
                    {
                        VectorMath.AddInPlace(gradients[i], sums[i]);
                    }
                }
                else if (k == 0)
                {
                    gradients[i].CopyTo(sums[i], 0);
                }
                else
                {
                    VectorMath.AddInPlace(sums[i], gradients[i]);
                }
            }
        }

        if (need)
        {
            Accumulate(w, source, gradInput, count);
        }
    }

    // Takes a worker's share of the batch and loads its images; null when the share is empty.
    private (Worker Worker, int First, int Count)? BeginWorker(int index)
    {
        (Worker w, int first, int count) = TakeShare(index);
        if (count == 0)
        {
            return null;
        }

        LoadBatch(w, first);
        return (w, first, count);
    }

    // A worker's share of the batch, its loss and count of correct predictions reset.
    private (Worker Worker, int First, int Count) TakeShare(int index)
    {
        Worker w = _workers[index];
        (int first, int count) = Slice(index, _batchCount);
        w.Count = count;
        w.Loss = 0;
        w.Correct = 0;
        return (w, first, count);
    }

    // Where a layer writes the gradient of `input`: straight into that output's gradient when it is its only reader,
    // else into scratch, summed into it by Accumulate.
    private Span<float> GradientTarget(Worker w, int input, int count) =>
        _readers[input + 1] == 1 ? w.Gradients[input + 1] : w.Scratch.AsSpan(0, count * _layers[input].OutputLength);

    private void Accumulate(Worker w, int input, Span<float> written, int count)
    {
        if (_readers[input + 1] != 1)
        {
            Span<float> total = w.Gradients[input + 1].AsSpan(0, count * _layers[input].OutputLength);
            if (w.Filled[input + 1])
            {
                VectorMath.AddInPlace(total, written);
            }
            else
            {
                written.CopyTo(total);
            }
        }

        w.Filled[input + 1] = true;
    }

    // Layers 0..through in order; with `fold`, a convolution and the batch normalisation folded into it run as one.
    private void RunForward(Worker w, int count, int through, in StepContext step, bool fold)
    {
        for (int l = 0; l <= through; l++)
        {
            if (_layers[l] is MergeLayer merge)
            {
                merge.ForwardMerge(w.MergeInputs[l]!, w.Activations[l + 1], count);
                continue;
            }

            if (step.Training && PooledChunk(l, count) is int chunk and > 0 && _fusion.PooledBy[l] <= through)
            {
                ForwardPooledInChunks(w, l, count, chunk, step);
                l++;
                continue;
            }

            if (FuseResidualAdds && _fusion.ResidualAdd[l] is int add and >= 0 && add <= through)
            {
                // The convolution computes the Add that reads it: its own output is never materialised.
                ((Conv2DLayer)_layers[l]).ForwardResidual(w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[add + 1], count);
                l = add;
                continue;
            }

            if (fold && FuseResidualAdds && _fusion.FoldedAdd[l] is int foldedAdd and >= 0 && foldedAdd <= through)
            {
                ((Conv2DLayer)_layers[l]).ForwardFoldedResidual(w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[foldedAdd + 1], count);
                l = foldedAdd;
                continue;
            }

            if (fold && _fusion.FoldedNormalization[l] is int normalization and >= 0 && normalization <= through)
            {
                ((Conv2DLayer)_layers[l]).ForwardFolded(w.Activations[_inputs[l][0] + 1], w.Activations[l + 2], count);
                l++;
                continue;
            }

            _layers[l].Forward(w.Activations[_inputs[l][0] + 1], w.Activations[l + 1], count, w.Workspaces[l], step);
        }
    }

    // Inference runs a worker's share in chunks of this many images through all layers, so that one layer's output
    // is mostly still in the core's L2 or L3 when the next layer reads it (a share of 128 seed-model images is 13 MB per
    // layer; 16 images measured fastest of 4, 8, 16, 32: 18,000 images/s at 2 threads against 12,000 unchunked).
    private const int InferenceChunk = 16;

    private void InferWorker(int index)
    {
        (Worker w, int first, int count) = TakeShare(index);
        int last = _layers.Length;
        int classes = _layers[last - 1].OutputLength;
        for (int start = 0; start < count; start += InferenceChunk)
        {
            int n = Math.Min(InferenceChunk, count - start);
            w.Count = n;
            LoadBatch(w, first + start);
            var step = new StepContext(false, _seed, 0, first + start);
            RunForward(w, n, last - 1, step, FoldBatchNormalization);
            if (_computeLoss)
            {
                (double loss, int correct) = SoftmaxCrossEntropy.LossAndGradient(w.Activations[last], w.Labels, default, n, classes, 0f);
                w.Loss += loss;
                w.Correct += correct;
            }

            if (_predictions is not null)
            {
                Span<float> target = _predictions.AsSpan((_batchStart + first + start) * classes, n * classes);
                w.Activations[last].AsSpan(0, n * classes).CopyTo(target);
                if (_layers[last - 1] is DenseLayer { Activation: Activation.Softmax })
                {
                    SoftmaxCrossEntropy.Softmax(target, n, classes);
                }
            }
        }

        w.Count = count;
    }

    // Buffers for batches of up to `batch` images: each worker gets its share's activations, gradients and workspaces.
    private void Plan(int batch)
    {
        int workers = Math.Max(1, _threads);
        int slice = (batch + workers - 1) / workers;
        if (_workers.Length == workers && slice <= _plannedSlice)
        {
            return;
        }

        slice = Math.Max(slice, _plannedSlice);
        var planned = new Worker[workers];
        for (int i = 0; i < workers; i++)
        {
            planned[i] = new Worker(_layers, _inputs, _readers, _fusion.SliceOf, _fusion.PooledBy, slice, _inputHeight * _inputWidth * _inputChannels);
        }

        _workers = planned;
        _plannedSlice = slice;
    }

    private void CheckData(ImageDataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.Height != _inputHeight || data.Width != _inputWidth || data.Channels != _inputChannels)
        {
            throw new ArgumentException($"Network '{Name}' takes {_inputHeight}x{_inputWidth}x{_inputChannels} images but {name} holds {data.Height}x{data.Width}x{data.Channels} images.", name);
        }

        if (data.Classes != OutputCount)
        {
            throw new ArgumentException($"Network '{Name}' outputs {OutputCount} classes but {name} has {data.Classes}.", name);
        }
    }

    private void CheckSoftmaxOutput()
    {
        if (_layers[^1] is not DenseLayer { Activation: Activation.Softmax })
        {
            throw new InvalidOperationException($"Network '{Name}' trains and evaluates with categorical cross-entropy, which needs a last Dense layer with Activation.Softmax.");
        }
    }

    private static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static (Layer[] Layers, int[][] Inputs) Build(IReadOnlyList<LayerDefinition> definitions, int height, int width, int channels)
    {
        var layers = new Layer[definitions.Count];
        var inputs = new int[definitions.Count][];
        // Per layer output: H, W, C when spatial; `flat` ≥ 0 when flat.
        var shapes = new (int H, int W, int C, int Flat)[definitions.Count];
        (int H, int W, int C, int Flat) Shape(int index) => index < 0 ? (height, width, channels, -1) : shapes[index];
        for (int i = 0; i < definitions.Count; i++)
        {
            LayerDefinition definition = definitions[i];
            inputs[i] = definition.Inputs is { } given ? ToArray(given) : new[] { i - 1 };
            foreach (int input in inputs[i])
            {
                if (input < -1 || input >= i)
                {
                    throw new ArgumentException($"Layer '{definition.Name}' reads layer {input}; a layer reads the input (-1) or an earlier layer.");
                }
            }

            var (h, w, c, flat) = Shape(inputs[i][0]);
            int length = flat >= 0 ? flat : h * w * c;
            switch (definition)
            {
                case LayerDefinition.Conv2DDefinition conv:
                    Conv2DShape s = conv.Kernel.Shape;
                    if (s.Height != h || s.Width != w || s.Channels != c || flat >= 0)
                    {
                        throw new ArgumentException($"Layer '{conv.Name}' expects {s.Height}x{s.Width}x{s.Channels} inputs but follows a {h}x{w}x{c} tensor.");
                    }

                    layers[i] = new Conv2DLayer(conv.Name, conv.Kernel, conv.FoldedKernel);
                    (h, w, c) = (s.OutputHeight, s.OutputWidth, s.Filters);
                    break;
                case LayerDefinition.MaxPool2DDefinition pool:
                    layers[i] = new MaxPool2DLayer(pool.Name, h, w, c, pool.PoolSize, pool.Strides, pool.Padding);
                    (h, w) = (PoolingKernels.OutputSize(h, pool.PoolSize, pool.Strides, pool.Padding), PoolingKernels.OutputSize(w, pool.PoolSize, pool.Strides, pool.Padding));
                    break;
                case LayerDefinition.FlattenDefinition flatten:
                    layers[i] = new FlattenLayer(flatten.Name, length);
                    flat = length;
                    break;
                case LayerDefinition.DenseDefinition dense:
                    layers[i] = new DenseLayer(dense.Name, length, dense.Units, dense.Activation, dense.UseBias);
                    flat = dense.Units;
                    break;
                case LayerDefinition.BatchNormalizationDefinition bn:
                    layers[i] = new BatchNormLayer(bn.Name, length, flat >= 0 ? flat : c, bn.Momentum, bn.Epsilon, bn.Activation);
                    break;
                case LayerDefinition.DropoutDefinition dropout:
                    layers[i] = new DropoutLayer(dropout.Name, length, dropout.Rate);
                    break;
                case LayerDefinition.ConcatenateDefinition:
                    var branchChannels = new int[inputs[i].Length];
                    for (int k = 0; k < branchChannels.Length; k++)
                    {
                        var b = Shape(inputs[i][k]);
                        if (b.Flat >= 0 || b.H != h || b.W != w)
                        {
                            throw new ArgumentException($"Layer '{definition.Name}' concatenates a {b.H}x{b.W} tensor with a {h}x{w} one.");
                        }

                        branchChannels[k] = b.C;
                    }

                    layers[i] = new ConcatenateLayer(definition.Name, h * w, branchChannels);
                    c = Sum(branchChannels);
                    break;
                case LayerDefinition.AddDefinition add:
                    foreach (int input in inputs[i])
                    {
                        if (Shape(input) != (h, w, c, flat))
                        {
                            throw new ArgumentException($"Layer '{add.Name}' adds tensors of different shapes.");
                        }
                    }

                    layers[i] = new AddLayer(add.Name, length, flat >= 0 ? flat : c, inputs[i].Length, add.Activation);
                    break;
                default:
                    throw new ArgumentException($"Unknown layer definition {definition.GetType().Name}.");
            }

            shapes[i] = (h, w, c, flat);
        }

        return (layers, inputs);
    }

    private static int[] ToArray(IReadOnlyList<int> values)
    {
        var array = new int[values.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = values[i];
        }

        return array;
    }

    private static int Sum(int[] values)
    {
        int total = 0;
        foreach (int v in values)
        {
            total += v;
        }

        return total;
    }

    private sealed class Worker
    {
        public Worker(Layer[] layers, int[][] inputs, int[] readers, int[] sliceOf, int[] pooledBy, int maxBatch, int inputLength)
        {
            ChunkSums = new float[layers.Length][][];
            for (int l = 0; l < layers.Length; l++)
            {
                if (pooledBy[l] >= 0)
                {
                    ChunkSums[l] = layers[l].Parameters.Select(p => new float[p.Length]).ToArray();
                }
            }

            Activations = new AlignedBuffer[layers.Length + 1];
            Gradients = new AlignedBuffer[layers.Length + 1];
            Workspaces = new LayerWorkspace[layers.Length];
            MergeInputs = new AlignedBuffer[]?[layers.Length];
            Activations[0] = new AlignedBuffer(maxBatch * inputLength);
            Gradients[0] = new AlignedBuffer(maxBatch * inputLength);
            int largest = inputLength;
            for (int l = 0; l < layers.Length; l++)
            {
                Workspaces[l] = layers[l].CreateWorkspace(maxBatch);
                int source = inputs[l][0];
                if (layers[l].IsView && readers[source + 1] == 1)
                {
                    Activations[l + 1] = Activations[source + 1];
                    Gradients[l + 1] = Gradients[source + 1];
                }
                else if (sliceOf[l] < 0)
                {
                    Activations[l + 1] = new AlignedBuffer(maxBatch * layers[l].OutputLength);
                    Gradients[l + 1] = new AlignedBuffer(maxBatch * layers[l].OutputLength);
                }

                largest = Math.Max(largest, layers[l].OutputLength);
            }

            for (int l = 0; l < layers.Length; l++)
            {
                // A convolution writing its slice of a concatenation shares the concatenation's buffers.
                if (sliceOf[l] >= 0)
                {
                    Activations[l + 1] = Activations[sliceOf[l] + 1];
                    Gradients[l + 1] = Gradients[sliceOf[l] + 1];
                }
            }

            for (int l = 0; l < layers.Length; l++)
            {
                if (layers[l] is MergeLayer)
                {
                    MergeInputs[l] = Array.ConvertAll(inputs[l], input => Activations[input + 1]);
                }
            }

            Scratch = new AlignedBuffer(maxBatch * largest);
            Filled = new bool[layers.Length + 1];
            Labels = new byte[maxBatch];
        }

        public AlignedBuffer[] Activations { get; }

        public AlignedBuffer[] Gradients { get; }

        public LayerWorkspace[] Workspaces { get; }

        /// <summary>Per merge layer, the activation arrays it reads.</summary>
        public AlignedBuffer[]?[] MergeInputs { get; }

        /// <summary>Where a layer's input gradient goes before being summed into an output read by several layers.</summary>
        public AlignedBuffer Scratch { get; }

        /// <summary>Per activation, whether this pass's gradient has been written.</summary>
        public bool[] Filled { get; }

        /// <summary>Per convolution trained in chunks with its pooling, the sums of its parameter gradients over the chunks.</summary>
        public float[][]?[] ChunkSums { get; }

        public byte[] Labels { get; }

        public int Count { get; set; }

        /// <summary>In a training step, the layer this worker's backward pass is at (int.MaxValue before it, −1 after).</summary>
        public int Progress;

        public double Loss { get; set; }

        public int Correct { get; set; }
    }
}
