using System;

namespace ConvGen;

/// <summary>
/// The images of one pass: positions <see cref="Start"/>..<see cref="Start"/>+<see cref="Count"/> of either a data
/// set (through <see cref="Order"/> when shuffled, with their labels) or NHWC floats. A value handed to the pass that
/// runs it; nothing keeps it after the pass.
/// </summary>
internal readonly struct Batch
{
    private Batch(ImageDataset? data, int[]? order, ReadOnlyMemory<float> floats, int start, int count)
    {
        Data = data;
        Order = order;
        Floats = floats;
        Start = start;
        Count = count;
    }

    /// <summary>The data set the images come from, or null for floats.</summary>
    public ImageDataset? Data { get; }

    /// <summary>The data set's images in the order the batch takes them (null: in order).</summary>
    public int[]? Order { get; }

    /// <summary>NHWC float images, when not from a data set.</summary>
    public ReadOnlyMemory<float> Floats { get; }

    /// <summary>The batch's first position.</summary>
    public int Start { get; }

    /// <summary>Images in the batch.</summary>
    public int Count { get; }

    /// <summary>Images <paramref name="order"/>[start..start+count) of <paramref name="data"/> (in order when <paramref name="order"/> is null).</summary>
    public static Batch Of(ImageDataset data, int[]? order, int start, int count) => new(data, order, default, start, count);

    /// <summary>Float images start..start+count of <paramref name="images"/>.</summary>
    public static Batch Of(ReadOnlyMemory<float> images, int start, int count) => new(null, null, images, start, count);

    /// <summary>The same source, images start..start+count.</summary>
    public Batch Slice(int start, int count) => new(Data, Order, Floats, start, count);

    /// <summary>
    /// Copies positions first..first+count of the batch (relative to <see cref="Start"/>) into the worker's input
    /// buffer, as floats in [0, 1] for a data set, with their labels.
    /// </summary>
    public void Load(WorkerBuffers w, int first, int count, int inputLength)
    {
        if (Data is null)
        {
            Floats.Span.Slice((Start + first) * inputLength, count * inputLength).CopyTo(w.Activations[0]);
            return;
        }

        ImageDataset data = Data;
        for (int j = 0; j < count; j++)
        {
            int position = Start + first + j;
            int index = Order is null ? position : Order[position];
            data.CopyImage(index, w.Activations[0].AsSpan(j * inputLength, inputLength));
            w.Labels[j] = data.LabelAt(index);
        }
    }
}
