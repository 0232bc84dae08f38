using System;

namespace ConvGen;

/// <summary>
/// Runs a <see cref="NetworkGraph"/>'s passes over one worker's buffers: the forward pass (with the fusions the
/// generator decided: convolutions writing concatenation slices, residual Adds in convolution epilogues, batch
/// normalisation folded in at inference) and, for training, the loss and the backward pass. A convolution whose
/// output only a max pooling reads runs with that pooling a few images at a time while training (see
/// <see cref="PooledChunkBytes"/>). Holds no per-pass state: any number of workers run passes at once.
/// </summary>
internal sealed class GraphExecutor
{
    private readonly NetworkGraph _graph;
    private readonly Layer[] _layers;
    private readonly int[][] _inputs;
    private readonly FusionPlan _fusion;

    public GraphExecutor(NetworkGraph graph)
    {
        _graph = graph;
        _layers = graph.Layers;
        _inputs = graph.Inputs;
        _fusion = graph.Fusion;
    }

    /// <summary>For tests: off, residual Adds run as their own layer instead of in the producing kernel's epilogue.</summary>
    public bool FuseResidualAdds { get; set; } = true;

    /// <summary>
    /// The most bytes of a pooled convolution's output that training holds at once (0: no limit): the convolution and
    /// its max pooling then run a few images at a time through the start of the convolution's buffer, which stays in
    /// L2 for the pooling to read, and so, backwards, does the pooling's input gradient for the convolution. The seed
    /// model's first two pairs (100 KB and 50 KB per image) measured fastest at half the 1 MiB L2 (5 and 10 images;
    /// 2-thread step 11.3 ms against 11.7 at 256 KB and 12.3 with whole shares).
    /// </summary>
    public int PooledChunkBytes { get; set; } = 512 * 1024;

    /// <summary>Images per chunk for a convolution and the max pooling that alone reads it, when a worker's share is larger (else 0).</summary>
    public int PooledChunk(int conv, int count)
    {
        if (_fusion.PooledBy[conv] < 0 || PooledChunkBytes <= 0)
        {
            return 0;
        }

        int chunk = Math.Max(1, PooledChunkBytes / (_layers[conv].OutputLength * sizeof(float)));
        return chunk < count ? chunk : 0;
    }

    /// <summary>
    /// Layers 0..<paramref name="through"/> in order; with <paramref name="fold"/>, a convolution and the batch
    /// normalisation folded into it run as one. With <paramref name="split"/> (inference over fewer images than the
    /// workers), each convolution is split between its pool's workers.
    /// </summary>
    public void Forward(WorkerBuffers w, int count, int through, in StepContext step, bool fold, ConvolutionSplit? split = null)
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
                var conv = (Conv2DLayer)_layers[l];
                if (split is not null)
                {
                    split.Run(conv, ConvolutionPass.Residual, w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[add + 1], count, w.Workspaces[l], step);
                }
                else
                {
                    conv.ForwardResidual(w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[add + 1], count);
                }

                l = add;
                continue;
            }

            if (fold && FuseResidualAdds && _fusion.FoldedAdd[l] is int foldedAdd and >= 0 && foldedAdd <= through)
            {
                var conv = (Conv2DLayer)_layers[l];
                if (split is not null)
                {
                    split.Run(conv, ConvolutionPass.FoldedResidual, w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[foldedAdd + 1], count, w.Workspaces[l], step);
                }
                else
                {
                    conv.ForwardFoldedResidual(w.Activations[_inputs[l][0] + 1], w.Activations[_fusion.ResidualInput[l] + 1], w.Activations[foldedAdd + 1], count);
                }

                l = foldedAdd;
                continue;
            }

            if (fold && _fusion.FoldedNormalization[l] is int normalization and >= 0 && normalization <= through)
            {
                var conv = (Conv2DLayer)_layers[l];
                if (split is not null)
                {
                    split.Run(conv, ConvolutionPass.Folded, w.Activations[_inputs[l][0] + 1], null, w.Activations[l + 2], count, w.Workspaces[l], step);
                }
                else
                {
                    conv.ForwardFolded(w.Activations[_inputs[l][0] + 1], w.Activations[l + 2], count);
                }

                l++;
                continue;
            }

            if (split is not null && _layers[l] is Conv2DLayer plain)
            {
                split.Run(plain, ConvolutionPass.Plain, w.Activations[_inputs[l][0] + 1], null, w.Activations[l + 1], count, w.Workspaces[l], step);
                continue;
            }

            _layers[l].Forward(w.Activations[_inputs[l][0] + 1], w.Activations[l + 1], count, w.Workspaces[l], step);
        }
    }

    /// <summary>
    /// A worker's share of a training step: the forward pass, the loss (scaled by <paramref name="lossScale"/>, 1 / the
    /// whole batch's size, into the gradient) and the backward pass, which fills the worker's parameter gradients. The
    /// worker's <see cref="WorkerBuffers.Progress"/> says which layer the backward pass is at (the layers above are done).
    /// </summary>
    public void TrainShare(WorkerBuffers w, int count, float lossScale, in StepContext step)
    {
        int last = _layers.Length;
        Forward(w, count, last - 1, step, fold: false);
        (w.Loss, w.Correct) = SoftmaxCrossEntropy.LossAndGradient(w.Activations[last], w.Labels, w.Gradients[last], count, _graph.OutputLength, lossScale);
        Array.Clear(w.Filled);
        w.Filled[last] = true;
        for (int l = last - 1; l >= 0; l--)
        {
            // Layers above l are done: their parameter gradients are final (see StepScheduler).
            System.Threading.Volatile.Write(ref w.Progress, l);
            if (!_graph.TrainableUpstream[l] || !w.Filled[l + 1])
            {
                continue;
            }

            if (_layers[l] is MergeLayer merge)
            {
                BackwardMerge(w, l, merge, count);
                continue;
            }

            if (l > 0 && _fusion.PooledBy[l - 1] == l && _graph.TrainableUpstream[l - 1] && PooledChunk(l - 1, count) is int chunk and > 0)
            {
                BackwardPooledInChunks(w, l - 1, count, chunk, step);
                l--;
                continue;
            }

            int source = _inputs[l][0];
            bool need = source >= 0 && _graph.TrainableUpstream[source];
            Span<float> gradInput = need ? GradientTarget(w, source, count) : default;
            _layers[l].Backward(w.Activations[source + 1], w.Activations[l + 1], w.Gradients[l + 1], gradInput, count, w.Workspaces[l], need, step);
            if (need)
            {
                Accumulate(w, source, gradInput, count);
            }
        }
    }

    private void BackwardMerge(WorkerBuffers w, int l, MergeLayer merge, int count)
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

            if (input >= 0 && _graph.TrainableUpstream[input])
            {
                Span<float> target = GradientTarget(w, input, count);
                merge.BackwardMerge(w.Activations[l + 1], w.Gradients[l + 1], k, target, count);
                Accumulate(w, input, target, count);
            }
        }
    }

    // Chunk k of `chunks` nearly equal chunks of `count` images: its first image and its size.
    private static (int First, int Count) ChunkRange(int count, int chunks, int k)
    {
        int first = (int)((long)count * k / chunks);
        return (first, (int)((long)count * (k + 1) / chunks) - first);
    }

    // Convolution `conv` and its pooling, a few images at a time through the first chunk of the convolution's buffer.
    private void ForwardPooledInChunks(WorkerBuffers w, int conv, int count, int chunk, in StepContext step)
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
    private void BackwardPooledInChunks(WorkerBuffers w, int conv, int count, int chunk, in StepContext step)
    {
        var layer = (Conv2DLayer)_layers[conv];
        int pool = conv + 1;
        var pooling = (MaxPool2DLayer)_layers[pool];
        int source = _inputs[conv][0];
        bool need = source >= 0 && _graph.TrainableUpstream[source];
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

    // Where a layer writes the gradient of `input`: straight into that output's gradient when it is its only reader,
    // else into scratch, summed into it by Accumulate.
    private Span<float> GradientTarget(WorkerBuffers w, int input, int count) =>
        _graph.Readers[input + 1] == 1 ? w.Gradients[input + 1] : w.Scratch.AsSpan(0, count * _layers[input].OutputLength);

    private void Accumulate(WorkerBuffers w, int input, Span<float> written, int count)
    {
        if (_graph.Readers[input + 1] != 1)
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
}
