using System;

namespace ConvGen;

/// <summary>
/// What one inference call works in: its workers' buffers (activations only, for one chunk of images each) and the
/// batch it is on. A network
/// rents one per call from its <see cref="InferenceContexts"/>, so calls from several threads never share a buffer;
/// a call that gets the network's worker pool splits its batches between the pool's workers, one that does not (the
/// pool is busy with another call) runs them on its own thread. Each worker runs its share in chunks of
/// <see cref="Chunk"/> images through all layers, so that one layer's output is mostly still in the core's L2 or L3
/// when the next layer reads it. A batch of fewer images than the pool has workers runs on the calling thread with
/// each convolution split between the workers (<see cref="ConvolutionSplit"/>) instead.
/// </summary>
internal sealed class InferenceContext
{
    // A share of 128 seed-model images is 13 MB per layer; 16 images measured fastest of 4, 8, 16, 32: 18,000 images/s at
    // 2 threads against 12,000 unchunked.
    public const int Chunk = 16;

    private readonly NetworkGraph _graph;
    private readonly GraphExecutor _executor;
    private readonly WorkerTeam _pooled, _inline;
    private readonly Action<int> _work;
    private readonly ConvolutionSplit _split = new();

    // The pass the workers are on (set for the duration of one Run).
    private WorkerTeam _team;
    private Batch _batch;
    private Memory<float> _predictions;
    private bool _computeLoss, _fold;

    public InferenceContext(NetworkGraph graph, GraphExecutor executor)
    {
        _graph = graph;
        _executor = executor;
        _pooled = new WorkerTeam(graph, training: false);
        _inline = new WorkerTeam(graph, training: false);
        _team = _inline;
        _work = InferWorker;
    }

    /// <summary>
    /// Runs <paramref name="batch"/> on the workers of <paramref name="pool"/> (or, when null, on the calling thread),
    /// writing the outputs (softmax probabilities when the last layer is a softmax Dense layer) at the batch's
    /// positions in <paramref name="predictions"/> when it is not empty, and returning the summed loss and correct
    /// predictions when <paramref name="computeLoss"/>.
    /// </summary>
    public (double LossSum, int Correct) Run(WorkerPool? pool, in Batch batch, Memory<float> predictions, bool computeLoss, bool fold)
    {
        // Fewer images than workers: one pass on this thread, its convolutions split between the workers.
        bool split = pool is not null && pool.Count > 1 && batch.Count < pool.Count;
        _team = pool is null || split ? _inline : _pooled;
        _team.Plan(pool is null || split ? 1 : pool.Count, batch.Count, Chunk); // a worker's share goes through in chunks: buffers for one
        _batch = batch;
        _predictions = predictions;
        _computeLoss = computeLoss;
        _fold = fold;
        _split.Pool = split ? pool : null;
        try
        {
            if (pool is null || split)
            {
                _work(0);
            }
            else
            {
                pool.Run(_work);
            }

            return _team.SumOfShares();
        }
        finally
        {
            _batch = default;
            _predictions = default;
            _split.Pool = null;
        }
    }

    /// <summary>The network's output for one NHWC image, on the calling thread; allocates nothing once planned.</summary>
    public void PredictOne(ReadOnlySpan<float> image, Span<float> output, bool fold)
    {
        _inline.Plan(1, 1);
        WorkerBuffers w = _inline.Workers[0];
        image.CopyTo(w.Activations[0]);
        _executor.Forward(w, 1, _graph.Layers.Length - 1, new StepContext(false, 0, 0, 0), fold);
        WriteOutputs(w, output, 1);
    }

    /// <summary>The output of layer <paramref name="layer"/> for one image, unfolded (a folded layer has no output of its own).</summary>
    public float[] LayerOutput(ImageDataset data, int index, int layer)
    {
        _inline.Plan(1, 1);
        WorkerBuffers w = _inline.Workers[0];
        data.CopyImage(index, w.Activations[0]);
        _executor.Forward(w, 1, layer, new StepContext(false, 0, 0, 0), fold: false);
        var output = new float[_graph.Layers[layer].OutputLength];
        if (_graph.Layers[layer] is Conv2DLayer conv)
        {
            conv.CopyOutput(w.Activations[layer + 1], output, 1);
        }
        else
        {
            w.Activations[layer + 1].AsSpan(0, output.Length).CopyTo(output);
        }

        return output;
    }

    private void InferWorker(int index)
    {
        (WorkerBuffers w, int first, int count) = _team.TakeShare(index, _batch.Count);
        int classes = _graph.OutputLength;
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            w.Count = n;
            _batch.Load(w, first + start, n, _graph.InputLength);
            var step = new StepContext(false, 0, 0, first + start);
            _executor.Forward(w, n, _graph.Layers.Length - 1, step, _fold, _split.Pool is null ? null : _split);
            if (_computeLoss)
            {
                (double loss, int correct) = SoftmaxCrossEntropy.LossAndGradient(w.Activations[^1], w.Labels, default, n, classes, 0f);
                w.Loss += loss;
                w.Correct += correct;
            }

            if (!_predictions.IsEmpty)
            {
                WriteOutputs(w, _predictions.Span.Slice((_batch.Start + first + start) * classes, n * classes), n);
            }
        }

        w.Count = count;
    }

    // The last layer's outputs of n images, through softmax when the last layer is a softmax Dense layer (which outputs logits).
    private void WriteOutputs(WorkerBuffers w, Span<float> target, int n)
    {
        int classes = _graph.OutputLength;
        w.Activations[^1].AsSpan(0, n * classes).CopyTo(target);
        if (_graph.EndsInSoftmax)
        {
            SoftmaxCrossEntropy.Softmax(target, n, classes);
        }
    }
}
