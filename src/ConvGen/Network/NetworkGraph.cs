using System;
using System.Collections.Generic;
using System.Threading;
using ConvGen.__Internals;

namespace ConvGen;

/// <summary>
/// A network as a graph (Keras's functional model): its input shape; its layers in order, each computed from the
/// input or earlier layers; which outputs each layer reads and how many layers read each output; every layer's output
/// shape; the parameters in layer order; and which layers a convolution's generated kernel computes with it
/// (<see cref="FusionPlan"/>). Built once from the generated declaration and read-only after that, apart from the
/// layers' parameter values (and <see cref="WeightsVersion"/>, which counts their changes). This is what anything
/// that walks a network reads: the trainer and the inference passes, and an exporter (layers, inputs, shapes,
/// parameters).
/// </summary>
internal sealed class NetworkGraph
{
    private long _weightsVersion;

    public NetworkGraph(IReadOnlyList<LayerDefinition> definitions, int inputHeight, int inputWidth, int inputChannels)
    {
        (Layers, Inputs, OutputShapes) = GraphBuilder.Build(definitions, inputHeight, inputWidth, inputChannels);
        Input = new LayerShape(inputHeight, inputWidth, inputChannels);
        int count = Layers.Length;
        Readers = new int[count + 1];
        TrainableUpstream = new bool[count];
        FirstParameter = new int[count];
        var parameters = new List<Parameter>();
        var layerOf = new List<int>();
        var indexIn = new List<int>();
        for (int l = 0; l < count; l++)
        {
            bool upstream = false;
            foreach (int input in Inputs[l])
            {
                Readers[input + 1]++;
                upstream |= input >= 0 && TrainableUpstream[input];
            }

            FirstParameter[l] = parameters.Count;
            for (int i = 0; i < Layers[l].Parameters.Count; i++)
            {
                parameters.Add(Layers[l].Parameters[i]);
                layerOf.Add(l);
                indexIn.Add(i);
                upstream |= Layers[l].Parameters[i].Trainable;
            }

            TrainableUpstream[l] = upstream;
            SyncWidth = Math.Max(SyncWidth, Layers[l].SyncWidth);
        }

        Parameters = parameters;
        LayerOfParameter = layerOf.ToArray();
        IndexInLayer = indexIn.ToArray();
        Fusion = new FusionPlan(Layers, Inputs, Readers, definitions);
    }

    /// <summary>The shape of one input image.</summary>
    public LayerShape Input { get; }

    /// <summary>Floats per input image.</summary>
    public int InputLength => Input.Length;

    /// <summary>The layers in computation order.</summary>
    public Layer[] Layers { get; }

    /// <summary>Per layer, the layers whose outputs it reads, by index (−1: the network's input).</summary>
    public int[][] Inputs { get; }

    /// <summary>Per layer, the shape of its output for one image.</summary>
    public LayerShape[] OutputShapes { get; }

    /// <summary>Per output, how many layers read it: index l + 1 for layer l's output, 0 for the network's input.</summary>
    public int[] Readers { get; }

    /// <summary>Per layer, whether anything trainable lies at or before it (so its output needs a gradient).</summary>
    public bool[] TrainableUpstream { get; }

    /// <summary>Which layers each convolution's generated kernel computes with it.</summary>
    public FusionPlan Fusion { get; }

    /// <summary>Every parameter, in layer order (<see cref="Layer.Parameters"/> order within a layer).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Per parameter, its layer.</summary>
    public int[] LayerOfParameter { get; }

    /// <summary>Per parameter, its index in its layer's <see cref="Layer.Parameters"/>.</summary>
    public int[] IndexInLayer { get; }

    /// <summary>Per layer, the index of its first parameter in <see cref="Parameters"/>.</summary>
    public int[] FirstParameter { get; }

    /// <summary>Doubles per worker the widest cross-worker reduction of a step needs (batch normalisation's statistics).</summary>
    public int SyncWidth { get; }

    /// <summary>The last layer.</summary>
    public Layer Output => Layers[^1];

    /// <summary>Floats the network outputs per image.</summary>
    public int OutputLength => Output.OutputLength;

    /// <summary>True when the last layer is a Dense layer with softmax (what training with cross-entropy needs).</summary>
    public bool EndsInSoftmax => Output is DenseLayer { Activation: Activation.Softmax };

    /// <summary>Counts changes of the parameter values; what is derived from them (folded weights) is rebuilt when it moves.</summary>
    public long WeightsVersion => Volatile.Read(ref _weightsVersion);

    /// <summary>The index of the layer named <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => Array.FindIndex(Layers, l => l.Name == name);

    /// <summary>Records that parameter values changed (a training step, loading, initialisation).</summary>
    public void WeightsChanged() => Interlocked.Increment(ref _weightsVersion);
}
