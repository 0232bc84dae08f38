using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// A convolutional network with a Keras-like API, the base of every generated <c>[ConvNet]</c> class: a graph of
/// layers (sequential or branched, Keras's functional model) that trains (<see cref="Fit"/>), evaluates, predicts and
/// saves its weights.
/// <para>
/// Training is data-parallel: each batch is split between <see cref="Threads"/> workers and their gradients are summed
/// in worker order, so a seed and a thread count always give the same weights; a steady-state training step allocates
/// nothing. Inference may run from many threads at once (one model serving many requests): each call works in
/// buffers of its own, the first call splitting its batches between the network's workers and calls made meanwhile
/// running on their own threads, all giving the same outputs. Calls that change the network — <see cref="Fit"/>,
/// <see cref="SetWeights"/>, <see cref="LoadWeights"/>, <see cref="InitializeWeights"/>, setting <see cref="Threads"/>
/// — run alone: made while another call runs, they (or calls made during them) throw
/// <see cref="InvalidOperationException"/> at once; nothing waits. After <see cref="Dispose"/> every call throws
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// </summary>
public class Network : IDisposable
{
    private readonly NetworkGraph _graph;
    private readonly StepScheduler _scheduler;
    private readonly Trainer _trainer;
    private readonly InferenceContexts _contexts;
    private readonly UsageGate _gate;
    private readonly object _poolLock = new();
    private readonly object _foldLock = new();
    private long _foldedVersion = -1;
    private WorkerPool? _pool;
    private int _threads = Math.Max(1, Environment.ProcessorCount);
    private NetworkDescription? _description;

    /// <summary>
    /// Builds the network from its generated declaration and initialises its weights (Glorot-uniform, zero biases);
    /// <paramref name="inferenceOnly"/> for a network declared <c>[ConvNet(InferenceOnly = true)]</c>, whose kernels
    /// compute no gradients (<see cref="Fit"/> throws).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Network(string name, int inputHeight, int inputWidth, int inputChannels, IReadOnlyList<LayerDefinition> layers, IReadOnlyList<LayerSummary> summary, int seed, bool inferenceOnly = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(summary);
        Name = name;
        InferenceOnly = inferenceOnly;
        LayerSummaries = summary;
        _gate = new UsageGate(name);
        _graph = new NetworkGraph(layers, inputHeight, inputWidth, inputChannels);
        Executor = new GraphExecutor(_graph);
        _scheduler = new StepScheduler(_graph, Executor);
        _trainer = new Trainer(this, _graph, _scheduler);
        _contexts = new InferenceContexts(_graph, Executor);
        InitializeWeights(seed);
    }

    /// <summary>The class name of the network.</summary>
    public string Name { get; }

    /// <summary>Whether the network was declared <c>[ConvNet(InferenceOnly = true)]</c>: it runs inference and cannot be trained.</summary>
    public bool InferenceOnly { get; }

    /// <summary>The layers with their output shapes and parameter counts (computed at compile time).</summary>
    public IReadOnlyList<LayerSummary> LayerSummaries { get; }

    /// <summary>Every parameter (trainable or not), in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters => _graph.Parameters;

    /// <summary>Floats in one input image (height × width × channels, NHWC).</summary>
    public int InputLength => _graph.InputLength;

    /// <summary>Floats the network outputs per image (its classes).</summary>
    public int OutputCount => _graph.OutputLength;

    /// <summary>
    /// Fold batch normalisation into the preceding convolution at inference (default true): one generated kernel
    /// computes both, so the normalisation costs nothing. Off, inference runs the two layers one after the other.
    /// </summary>
    public bool FoldBatchNormalization { get; set; } = true;

    /// <summary>Worker threads per batch (default: the processor count). Setting it runs alone (see the class remarks).</summary>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            using UsageGate.Scope scope = _gate.Write("change its thread count", "changing its thread count");
            if (value != _threads)
            {
                _threads = value;
                lock (_poolLock)
                {
                    _pool?.Dispose();
                    _pool = null;
                }

                _scheduler.Reset();
                _contexts.Clear();
            }
        }
    }

    /// <summary>The graph: layers, their inputs and shapes, parameters, fusions (for the runtime, tests and exporters).</summary>
    internal NetworkGraph Graph => _graph;

    /// <summary>Runs the graph's passes (tests switch its fusions and chunking).</summary>
    internal GraphExecutor Executor { get; }

    /// <summary>Bytes the background worker threads allocated while running steps (for allocation tests).</summary>
    internal long WorkerAllocatedBytes => _pool?.BackgroundAllocatedBytes ?? 0;

    /// <summary>For tests: how many Concatenate inputs are written in place by their producing kernels.</summary>
    internal int InPlaceConcatenationInputs => _graph.Layers.OfType<ConcatenateLayer>().Sum(c => c.InPlaceInputs);

    /// <summary>For tests: the network's convolution layers, in order.</summary>
    internal IEnumerable<Conv2DLayer> Convolutions => _graph.Layers.OfType<Conv2DLayer>();

    private WorkerPool Pool
    {
        get
        {
            lock (_poolLock)
            {
                _gate.ThrowIfClosed();
                return _pool ??= new WorkerPool(_threads);
            }
        }
    }

    /// <summary>Re-initialises every parameter as Keras does (Glorot-uniform kernels, zero biases) from <paramref name="seed"/>.</summary>
    public void InitializeWeights(int seed)
    {
        using UsageGate.Scope scope = _gate.Write("initialise its weights", "initialising the weights");
        var random = new Random(seed);
        foreach (Layer layer in _graph.Layers)
        {
            layer.Initialize(random);
        }

        _graph.WeightsChanged();
    }

    /// <summary>A Keras-style table of the layers, output shapes and parameter counts.</summary>
    public string Summary() => NetworkSummary.Format(Name, LayerSummaries);

    /// <summary>
    /// A read-only description of the graph — input, layers in order with their inputs, output shapes, settings and
    /// parameters — for tools that walk a network (ConvGen.Onnx's exporter). The structure never changes; the
    /// parameters are the network's own (see <see cref="LayerDescription.Parameters"/>).
    /// </summary>
    public NetworkDescription Describe() => _description ??= NetworkDescription.Of(Name, _graph);

    /// <summary>
    /// Trains with categorical cross-entropy on <paramref name="train"/>'s labels (Keras's <c>model.fit</c>). The
    /// last layer must be a Dense layer with softmax. A batch whose loss is NaN or infinite stops training with a
    /// <see cref="NonFiniteLossException"/> naming the epoch and batch. A network declared
    /// <c>[ConvNet(InferenceOnly = true)]</c> throws <see cref="InvalidOperationException"/>.
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
        if (options.ValidationData is not null)
        {
            CheckData(options.ValidationData, nameof(options.ValidationData));
        }

        _trainer.Check(train, options);
        using UsageGate.Scope scope = _gate.Write("train", "training it");
        return _trainer.Fit(Pool, train, options, data => Infer(data, null, data.Count, 256, default, computeLoss: true));
    }

    /// <summary>Mean loss and accuracy over <paramref name="data"/> (Keras's <c>model.evaluate</c>).</summary>
    public Evaluation Evaluate(ImageDataset data, int batchSize = 256)
    {
        CheckData(data, nameof(data));
        CheckBatchSize(batchSize);
        if (!_graph.EndsInSoftmax)
        {
            throw new InvalidOperationException($"Network '{Name}' trains and evaluates with categorical cross-entropy, which needs a last Dense layer with Activation.Softmax.");
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("The data set holds no images: there is nothing to evaluate.", nameof(data));
        }

        using UsageGate.Scope scope = _gate.Read("evaluate");
        return Infer(data, null, data.Count, batchSize, default, computeLoss: true);
    }

    /// <summary>Class probabilities for every image of <paramref name="data"/>: <c>Count × OutputCount</c> floats.</summary>
    public float[] Predict(ImageDataset data, int batchSize = 256)
    {
        CheckData(data, nameof(data));
        CheckBatchSize(batchSize);
        var result = new float[(long)data.Count * OutputCount];
        using UsageGate.Scope scope = _gate.Read("predict");
        Infer(data, null, data.Count, batchSize, result, computeLoss: false);
        return result;
    }

    /// <summary>
    /// Runs the network on <paramref name="count"/> NHWC float images and writes its outputs (softmax probabilities
    /// when the last layer is a softmax Dense layer, else the last layer's values): any network, any head.
    /// </summary>
    public void Predict(float[] images, float[] outputs, int count, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckBatchSize(batchSize);
        if (images.Length < (long)count * InputLength || outputs.Length < (long)count * OutputCount)
        {
            throw new ArgumentException($"{count} images need {(long)count * InputLength} input floats (got {images.Length}) and {(long)count * OutputCount} output floats (got {outputs.Length}).");
        }

        using UsageGate.Scope scope = _gate.Read("predict");
        Infer(null, images, count, batchSize, outputs, computeLoss: false);
    }

    /// <summary>
    /// Runs the network on one NHWC float image (<see cref="InputLength"/> floats) on the calling thread and writes its
    /// <see cref="OutputCount"/> outputs (softmax probabilities when the last layer is a softmax Dense layer). Made for
    /// serving: it allocates nothing once the calling thread has run it, and many threads may call it at once.
    /// </summary>
    public void Predict(ReadOnlySpan<float> image, Span<float> output)
    {
        if (image.Length != InputLength)
        {
            throw new ArgumentException($"Network '{Name}' takes images of {InputLength} floats ({_graph.Input}); got {image.Length}.", nameof(image));
        }

        if (output.Length < OutputCount)
        {
            throw new ArgumentException($"Network '{Name}' writes {OutputCount} outputs; the span holds {output.Length}.", nameof(output));
        }

        using UsageGate.Scope scope = _gate.Read("predict");
        bool fold = FoldBatchNormalization && EnsureFolded();
        InferenceContext context = _contexts.Rent();
        try
        {
            context.PredictOne(image, output, fold);
        }
        finally
        {
            _contexts.Return(context);
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
        ArgumentNullException.ThrowIfNull(layerName);
        if (index < 0 || index >= data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Image index {index} is outside the data set's images 0..{data.Count - 1} ({data.Count} images).");
        }

        int layer = _graph.IndexOf(layerName);
        if (layer < 0)
        {
            throw new ArgumentException($"Network '{Name}' has no layer named '{layerName}'.", nameof(layerName));
        }

        using UsageGate.Scope scope = _gate.Read("compute a layer's output");
        InferenceContext context = _contexts.Rent();
        try
        {
            return context.LayerOutput(data, index, layer);
        }
        finally
        {
            _contexts.Return(context);
        }
    }

    /// <summary>
    /// Saves every parameter to <paramref name="path"/> (atomically: written aside in the same folder, then renamed).
    /// The folder must exist.
    /// </summary>
    public void SaveWeights(string path)
    {
        using UsageGate.Scope scope = _gate.Read("save its weights");
        NetworkWeights.Save(path, Name, Parameters);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="SaveWeights"/>. The file must be intact and hold exactly this network's
    /// tensors; otherwise <see cref="InvalidDataException"/> is thrown and the network is unchanged.
    /// </summary>
    public void LoadWeights(string path)
    {
        using UsageGate.Scope scope = _gate.Write("load weights", "loading weights");
        SetCheckedWeights(NetworkWeights.Load(path, Name, Parameters));
    }

    /// <summary>A copy of every parameter's values, in <see cref="Parameters"/> order.</summary>
    public float[][] CopyWeights()
    {
        using UsageGate.Scope scope = _gate.Read("copy its weights");
        return NetworkWeights.Copy(Parameters);
    }

    /// <summary>Sets every parameter from <paramref name="values"/> (in <see cref="Parameters"/> order).</summary>
    public void SetWeights(IReadOnlyList<float[]> values)
    {
        NetworkWeights.Check(values, Parameters);
        using UsageGate.Scope scope = _gate.Write("set its weights", "setting its weights");
        SetCheckedWeights(values);
    }

    /// <summary>Stops the worker threads, after the calls running now end. Any later call throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _gate.Close();
        lock (_poolLock)
        {
            _pool?.Dispose();
            _pool = null;
        }

        _scheduler.Reset();
        _contexts.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// For tests and benchmarks: one optimisation step on images <paramref name="order"/>[start..start+count) of
    /// <paramref name="data"/> (see <see cref="StepScheduler"/>); returns the summed loss and correct predictions.
    /// </summary>
    internal (double LossSum, int Correct) TrainStep(ImageDataset data, int[] order, int start, int count, Optimizer optimizer)
    {
        using UsageGate.Scope scope = _gate.Write("train", "training it");
        return _scheduler.TrainStep(Pool, Batch.Of(data, order, start, count), optimizer);
    }

    /// <summary>For tests: fills every <see cref="Parameter.Gradient"/> for a batch with the dropout masks of <paramref name="step"/>, updating nothing.</summary>
    internal (double LossSum, int Correct) ComputeGradients(ImageDataset data, int[] order, int start, int count, long step)
    {
        using UsageGate.Scope scope = _gate.Write("compute gradients", "computing gradients");
        return _scheduler.ComputeGradients(Pool, Batch.Of(data, order, start, count), step);
    }

    // Runs `count` images of `data` (or of `floats`) in batches of `batchSize` on a context of this call's own, with the
    // worker pool when no other call has it; writes the outputs into `predictions` when given.
    private Evaluation Infer(ImageDataset? data, float[]? floats, int count, int batchSize, Memory<float> predictions, bool computeLoss)
    {
        bool fold = FoldBatchNormalization && EnsureFolded();
        Batch all = data is null ? Batch.Of(floats, 0, count) : Batch.Of(data, null, 0, count);
        InferenceContext context = _contexts.Rent();
        WorkerPool pool = Pool;
        bool lent = pool.TryAcquire();
        double loss = 0;
        long correct = 0;
        try
        {
            for (int start = 0; start < count; start += batchSize)
            {
                (double l, int c) = context.Run(lent ? pool : null, all.Slice(start, Math.Min(batchSize, count - start)), predictions, computeLoss, fold);
                loss += l;
                correct += c;
            }
        }
        finally
        {
            if (lent)
            {
                pool.Release();
            }

            _contexts.Return(context);
        }

        return new Evaluation(loss / Math.Max(1, count), (double)correct / Math.Max(1, count));
    }

    // Folds each batch normalisation into its convolution's folded kernel once per change of the weights (never while
    // a writer runs, so readers only read the folded weights); true when the network has anything to fold.
    private bool EnsureFolded()
    {
        long version = _graph.WeightsVersion;
        if (System.Threading.Volatile.Read(ref _foldedVersion) != version)
        {
            lock (_foldLock)
            {
                if (_foldedVersion != version)
                {
                    foreach (Layer layer in _graph.Layers)
                    {
                        if (layer is Conv2DLayer { CanFold: true } conv)
                        {
                            conv.Fold();
                        }
                    }

                    System.Threading.Volatile.Write(ref _foldedVersion, version);
                }
            }
        }

        return true;
    }

    private void SetCheckedWeights(IReadOnlyList<float[]> values)
    {
        NetworkWeights.Set(values, Parameters);
        foreach (Layer layer in _graph.Layers)
        {
            layer.OnParametersChanged();
        }

        _graph.WeightsChanged();
    }

    private void CheckData(ImageDataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        LayerShape input = _graph.Input;
        if (data.Height != input.Height || data.Width != input.Width || data.Channels != input.Channels)
        {
            throw new ArgumentException($"Network '{Name}' takes {input} images but {name} holds {data.Height}x{data.Width}x{data.Channels} images.", name);
        }

        if (data.Classes != OutputCount)
        {
            throw new ArgumentException($"Network '{Name}' outputs {OutputCount} classes but {name} has {data.Classes}.", name);
        }
    }

    private static void CheckBatchSize(int batchSize, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(batchSize))] string name = "batchSize") =>
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1, name);
}
