using System;
using System.Linq;

namespace ConvGen;

/// <summary>
/// One worker's memory for passes over up to <see cref="Capacity"/> images: every layer's output (and, for training,
/// its gradient) and workspace, allocated once. Layers that are views (Flatten) share their input's buffers, and a
/// convolution that writes its channel slice of a concatenation shares the concatenation's. Also the worker's share of
/// the current batch: its labels, image count, loss and correct predictions, and (training) how far its backward pass
/// has got.
/// </summary>
internal sealed class WorkerBuffers
{
    private static readonly AlignedBuffer[] NoGradients = Array.Empty<AlignedBuffer>();

    public WorkerBuffers(NetworkGraph graph, int capacity, bool training)
    {
        Layer[] layers = graph.Layers;
        int[][] inputs = graph.Inputs;
        int[] readers = graph.Readers;
        int[] sliceOf = graph.Fusion.SliceOf;
        int inputLength = graph.InputLength;
        Capacity = capacity;
        ChunkSums = new float[layers.Length][][];
        if (training)
        {
            for (int l = 0; l < layers.Length; l++)
            {
                if (graph.Fusion.PooledBy[l] >= 0)
                {
                    ChunkSums[l] = layers[l].Parameters.Select(p => new float[p.Length]).ToArray();
                }
            }
        }

        Activations = new AlignedBuffer[layers.Length + 1];
        Gradients = training ? new AlignedBuffer[layers.Length + 1] : NoGradients;
        Workspaces = new LayerWorkspace[layers.Length];
        MergeInputs = new AlignedBuffer[]?[layers.Length];
        Activations[0] = new AlignedBuffer(capacity * inputLength);
        if (training)
        {
            Gradients[0] = new AlignedBuffer(capacity * inputLength);
        }

        int largest = inputLength;
        for (int l = 0; l < layers.Length; l++)
        {
            Workspaces[l] = layers[l].CreateWorkspace(capacity);
            int source = inputs[l][0];
            if (layers[l].IsView && readers[source + 1] == 1)
            {
                Activations[l + 1] = Activations[source + 1];
                if (training)
                {
                    Gradients[l + 1] = Gradients[source + 1];
                }
            }
            else if (sliceOf[l] < 0)
            {
                Activations[l + 1] = new AlignedBuffer(capacity * layers[l].OutputLength);
                if (training)
                {
                    Gradients[l + 1] = new AlignedBuffer(capacity * layers[l].OutputLength);
                }
            }

            largest = Math.Max(largest, layers[l].OutputLength);
        }

        for (int l = 0; l < layers.Length; l++)
        {
            // A convolution writing its slice of a concatenation shares the concatenation's buffers.
            if (sliceOf[l] >= 0)
            {
                Activations[l + 1] = Activations[sliceOf[l] + 1];
                if (training)
                {
                    Gradients[l + 1] = Gradients[sliceOf[l] + 1];
                }
            }
        }

        for (int l = 0; l < layers.Length; l++)
        {
            if (layers[l] is MergeLayer)
            {
                MergeInputs[l] = Array.ConvertAll(inputs[l], input => Activations[input + 1]);
            }
        }

        Scratch = new AlignedBuffer(training ? capacity * largest : 0);
        Filled = new bool[layers.Length + 1];
        Labels = new byte[capacity];
    }

    /// <summary>Images the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>Per output (index l + 1 for layer l, 0 for the input images), the values.</summary>
    public AlignedBuffer[] Activations { get; }

    /// <summary>Per output, the gradient of the loss with respect to it (training buffers only; empty for inference).</summary>
    public AlignedBuffer[] Gradients { get; }

    /// <summary>Per layer, its workspace (pooling indices, dropout masks, normalised values, parameter gradients).</summary>
    public LayerWorkspace[] Workspaces { get; }

    /// <summary>Per merge layer, the activation arrays it reads.</summary>
    public AlignedBuffer[]?[] MergeInputs { get; }

    /// <summary>Where a layer's input gradient goes before being summed into an output read by several layers.</summary>
    public AlignedBuffer Scratch { get; }

    /// <summary>Per activation, whether this pass's gradient has been written.</summary>
    public bool[] Filled { get; }

    /// <summary>Per convolution trained in chunks with its pooling, the sums of its parameter gradients over the chunks.</summary>
    public float[][]?[] ChunkSums { get; }

    /// <summary>The labels of the worker's images.</summary>
    public byte[] Labels { get; }

    /// <summary>Images in the worker's share (or chunk) of the batch.</summary>
    public int Count { get; set; }

    /// <summary>In a training step, the layer this worker's backward pass is at (int.MaxValue before it, −1 after).</summary>
    public int Progress;

    /// <summary>The summed loss of the worker's share.</summary>
    public double Loss { get; set; }

    /// <summary>Correct predictions in the worker's share.</summary>
    public int Correct { get; set; }
}
