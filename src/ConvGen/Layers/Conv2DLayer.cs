using System;
using System.Collections.Generic;
using System.Threading;

namespace ConvGen;

/// <summary>
/// A convolution (or depthwise convolution) computed by its generated kernel; keeps the HWIO weights and their packed
/// copies. After each change of the weights only the layouts the kernels read since the previous change are packed
/// again (on this machine usually one of four); a pass that finds its layout out of date packs it first.
/// </summary>
internal sealed class Conv2DLayer : Layer
{
    private readonly PackedCopy _forward, _backward;
    private readonly IConv2DKernel _kernel;
    private readonly IConv2DWeightGradientKernel? _weightGradient;
    private readonly IConv2DInputGradientKernel? _inputGradient;
    private readonly Parameter _weights;
    private readonly Parameter? _bias;
    private readonly Parameter[] _parameters;
    private readonly IConv2DKernel? _folded;
    private readonly float[] _foldedWeights = Array.Empty<float>(), _foldedBias = Array.Empty<float>();
    private readonly AlignedBuffer _foldedPacked;
    private readonly float[] _scale = Array.Empty<float>(), _shift = Array.Empty<float>();

    public Conv2DLayer(string name, IConv2DKernel kernel, IConv2DKernel? folded = null)
        : base(name, kernel.Shape.InputImageLength, kernel.Shape.OutputImageLength)
    {
        _kernel = kernel;
        _weightGradient = kernel as IConv2DWeightGradientKernel;
        _inputGradient = kernel as IConv2DInputGradientKernel;
        _folded = folded;
        _foldedPacked = new AlignedBuffer(folded?.PackedWeightLength ?? 0);
        if (folded is not null)
        {
            _foldedWeights = new float[kernel.Shape.WeightLength];
            _foldedBias = new float[kernel.Shape.Filters];
            _scale = new float[kernel.Shape.Filters];
            _shift = new float[kernel.Shape.Filters];
        }

        Conv2DShape s = kernel.Shape;
        _weights = s.Depthwise
            ? new Parameter(name + "/depthwise_kernel", s.KernelSize, s.KernelSize, s.Channels, 1)
            : new Parameter(name + "/kernel", s.KernelSize, s.KernelSize, s.Channels, s.Filters);
        _bias = s.UseBias ? new Parameter(name + "/bias", s.Filters) : null;
        _parameters = _bias is null ? new[] { _weights } : new[] { _weights, _bias };
        _forward = new PackedCopy(kernel.PackedWeightLength, () => _kernel.ForwardLayouts, (packed, layouts) => _kernel.PackWeights(_weights.Value, packed, layouts));
        _backward = new PackedCopy(_inputGradient?.BackwardDataPackedWeightLength ?? 0, () => _inputGradient!.BackwardDataLayouts,
            (packed, layouts) => _inputGradient!.PackBackwardDataWeights(_weights.Value, packed, layouts));
    }

    /// <summary>For tests: the forward layouts packed from the current weights.</summary>
    internal PackedLayouts PackedForwardLayouts => _forward.Current;

    /// <summary>For tests: the input gradient's layouts packed from the current weights.</summary>
    internal PackedLayouts PackedBackwardDataLayouts => _backward.Current;

    /// <summary>For tests: the buffers the kernels read packed weights from (forward, input gradient, BatchNorm-folded).</summary>
    internal IEnumerable<AlignedBuffer> PackedBuffers => new[] { _forward.Buffer, _backward.Buffer, _foldedPacked };

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The batch normalisation folded into this layer at inference, when the generator emitted a folded kernel.</summary>
    public BatchNormLayer? FoldedNormalization { get; set; }

    public bool CanFold => _folded is not null && FoldedNormalization is not null;

    /// <summary>Whether the generated kernel computes the residual Add that reads this layer (<see cref="ForwardResidual"/>).</summary>
    public bool CanFuseResidual => _kernel is IConv2DResidualKernel;

    /// <summary>Whether the folded kernel also computes the residual Add that reads the folded normalisation.</summary>
    public bool CanFoldResidual => CanFold && _folded is IConv2DResidualKernel;

    /// <summary>The activation the kernel applies to its output.</summary>
    public Activation Activation => _kernel.Shape.Activation;

    /// <summary>The convolution's geometry (as declared: kernel, strides, padding, activation, bias, depthwise).</summary>
    public Conv2DShape Shape => _kernel.Shape;

    /// <summary>
    /// True when the layer reading this one's output (a max pooling) already applied the activation's derivative to
    /// the gradient it passes back: the backward pass then only sums the bias gradient.
    /// </summary>
    public bool ActivationAppliedByReader { get; set; }

    /// <summary>True when the kernel writes this layer's output as a channel slice of a concatenation's buffer.</summary>
    public bool WritesSlice => _kernel.Shape.WritesSlice;

    /// <summary>The first channel of this layer's slice in the concatenation it writes into (when <see cref="WritesSlice"/>).</summary>
    public int OutputOffset { get; set; }

    /// <summary>Floats between output pixels in the buffer the layer writes.</summary>
    public int OutputPixelStride => _kernel.Shape.OutputPixelStride;

    /// <summary>
    /// Folds the normalisation's current statistics into a copy of the weights: w'[..][co] = w·γ/√(σ²+ε),
    /// b' = (b − μ)·γ/√(σ²+ε) + β, and packs them for the folded kernel. Call before inference passes.
    /// </summary>
    public void Fold()
    {
        FoldedNormalization!.InferenceTransform(_scale, _shift);
        Conv2DShape s = _kernel.Shape;
        float[] w = _weights.Value;
        int channels = s.Filters;
        for (int i = 0; i < w.Length; i++)
        {
            _foldedWeights[i] = w[i] * _scale[i % channels];
        }

        for (int co = 0; co < channels; co++)
        {
            _foldedBias[co] = (_bias is null ? 0f : _bias.Value[co]) * _scale[co] + _shift[co];
        }

        _folded!.PackWeights(_foldedWeights, _foldedPacked);
    }

    /// <summary>Convolution and batch normalisation (with its activation) in one kernel: the output is the normalisation's.</summary>
    public void ForwardFolded(ReadOnlySpan<float> input, Span<float> output, int batch) =>
        _folded!.Forward(input, _foldedPacked, _foldedBias, output, batch);

    /// <summary>Convolution, folded normalisation and the residual Add reading it, in one kernel: the output is the Add's.</summary>
    public void ForwardFoldedResidual(ReadOnlySpan<float> input, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        ((IConv2DResidualKernel)_folded!).ForwardResidual(input, _foldedPacked, _foldedBias, residual, output, batch);

    /// <summary>Convolution and the residual Add reading it, in one kernel: the output is the Add's.</summary>
    public void ForwardResidual(ReadOnlySpan<float> input, ReadOnlySpan<float> residual, Span<float> output, int batch) =>
        ((IConv2DResidualKernel)_kernel).ForwardResidual(input, _forward.Ready(), _bias is null ? default : _bias.Value, residual, output, batch);

    /// <summary>Whether <paramref name="pass"/>'s kernel can run in parts (<see cref="ForwardPart"/>) on this thread now.</summary>
    public bool Splits(ConvolutionPass pass) => pass switch
    {
        ConvolutionPass.Plain => _kernel is IConv2DPartKernel { ForwardSplits: true },
        ConvolutionPass.Residual => _kernel is IConv2DResidualPartKernel { ResidualSplits: true },
        ConvolutionPass.Folded => _folded is IConv2DPartKernel { ForwardSplits: true },
        _ => _folded is IConv2DResidualPartKernel { ResidualSplits: true },
    };

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="pass"/> over <paramref name="batch"/>
    /// images (buffers as <see cref="Forward"/> and its kin take them; <paramref name="residual"/> for the residual
    /// passes): a share of the output rows, computed as the whole pass computes them. Only when <see cref="Splits"/>.
    /// </summary>
    public void ForwardPart(ConvolutionPass pass, ReadOnlySpan<float> input, ReadOnlySpan<float> residual, Span<float> output, int batch, int part, int parts)
    {
        switch (pass)
        {
            case ConvolutionPass.Plain:
                ((IConv2DPartKernel)_kernel).ForwardPart(input, _forward.Ready(), _bias is null ? default : _bias.Value, WritesSlice ? output.Slice(OutputOffset) : output, batch, part, parts);
                break;
            case ConvolutionPass.Residual:
                ((IConv2DResidualPartKernel)_kernel).ForwardResidualPart(input, _forward.Ready(), _bias is null ? default : _bias.Value, residual, output, batch, part, parts);
                break;
            case ConvolutionPass.Folded:
                ((IConv2DPartKernel)_folded!).ForwardPart(input, _foldedPacked, _foldedBias, output, batch, part, parts);
                break;
            default:
                ((IConv2DResidualPartKernel)_folded!).ForwardResidualPart(input, _foldedPacked, _foldedBias, residual, output, batch, part, parts);
                break;
        }
    }

    /// <summary><paramref name="pass"/> whole, on the calling thread (what <see cref="ForwardPart"/>'s parts together compute).</summary>
    public void ForwardWhole(ConvolutionPass pass, ReadOnlySpan<float> input, ReadOnlySpan<float> residual, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step)
    {
        switch (pass)
        {
            case ConvolutionPass.Plain:
                Forward(input, output, batch, workspace, step);
                break;
            case ConvolutionPass.Residual:
                ForwardResidual(input, residual, output, batch);
                break;
            case ConvolutionPass.Folded:
                ForwardFolded(input, output, batch);
                break;
            default:
                ForwardFoldedResidual(input, residual, output, batch);
                break;
        }
    }

    /// <summary>Copies this layer's dense output for <paramref name="batch"/> images out of the buffer it writes.</summary>
    public void CopyOutput(ReadOnlySpan<float> buffer, Span<float> destination, int batch)
    {
        if (!WritesSlice)
        {
            buffer.Slice(0, batch * OutputLength).CopyTo(destination);
            return;
        }

        int filters = _kernel.Shape.Filters;
        for (int p = 0; p < batch * OutputLength / filters; p++)
        {
            buffer.Slice(OutputOffset + p * OutputPixelStride, filters).CopyTo(destination.Slice(p * filters, filters));
        }
    }

    // Floats: the input gradient's scratch, then (for a slice writer) the dense pre-activation gradient.
    public override LayerWorkspace CreateWorkspace(int maxBatch) =>
        new LayerWorkspace(_parameters) { Floats = new float[ScratchLength + (WritesSlice ? maxBatch * OutputLength : 0)] };

    private int ScratchLength => _inputGradient?.BackwardDataScratchLength ?? 0;

    public override void Initialize(Random random)
    {
        Conv2DShape s = _kernel.Shape;
        int taps = s.KernelSize * s.KernelSize;
        // Keras's fans for a (kh, kw, in, out) kernel; a depthwise kernel is (kh, kw, channels, 1).
        GlorotUniform(random, _weights.Value, taps * s.Channels, taps * (s.Depthwise ? 1 : s.Filters));
        _bias?.Value.AsSpan().Clear();
        OnParametersChanged();
    }

    // The forward layouts, and the input gradient's: packed by different threads after a training step.
    internal override int RepackJobs => _inputGradient is null ? 1 : 2;

    internal override void Repack(int job)
    {
        if (job == 0)
        {
            _forward.Repack();
        }
        else
        {
            _backward.Repack();
        }
    }

    /// <summary>Writes the output; a slice writer is given the whole concatenation buffer and writes its channels.</summary>
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, LayerWorkspace workspace, in StepContext step) =>
        _kernel.Forward(input, _forward.Ready(), _bias is null ? default : _bias.Value, WritesSlice ? output.Slice(OutputOffset) : output, batch);

    /// <summary>A slice writer is given the concatenation's output and gradient; it gathers its channels while applying the activation's derivative.</summary>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> gradOutput, Span<float> gradInput, int batch, LayerWorkspace workspace, bool needGradInput, in StepContext step)
    {
        IConv2DWeightGradientKernel kernel = _weightGradient
            ?? throw new InvalidOperationException($"Layer '{Name}' has a kernel generated for inference only ({_kernel.Shape}); it cannot train.");
        Span<float> gradBias = _bias is null ? default : workspace.ParameterGradients[1];
        if (WritesSlice)
        {
            Conv2DShape s = _kernel.Shape;
            Span<float> dense = workspace.Floats.AsSpan(ScratchLength, batch * OutputLength);
            Conv2DGradients.GatherActivationAndBias(output.Slice(OutputOffset), gradOutput.Slice(OutputOffset), s.OutputPixelStride, dense, gradBias,
                (long)batch * s.OutputHeight * s.OutputWidth, s.Filters, s.Activation, s.UseBias);
            gradOutput = dense;
        }
        else if (ActivationAppliedByReader)
        {
            Conv2DShape s = _kernel.Shape;
            Conv2DGradients.ActivationAndBias(output, gradOutput, gradBias, (long)batch * s.OutputHeight * s.OutputWidth, s.Filters, Activation.None, s.UseBias);
        }
        else
        {
            kernel.BackwardActivation(output, gradOutput, gradBias, batch);
        }

        kernel.BackwardWeights(input, gradOutput, workspace.ParameterGradients[0], batch);
        if (needGradInput)
        {
            IConv2DInputGradientKernel data = _inputGradient
                ?? throw new InvalidOperationException($"Layer '{Name}' was generated without an input gradient (nothing trainable lies before it), but the graph asks for one.");
            data.BackwardData(gradOutput, _backward.Ready(), gradInput, workspace.Floats.AsSpan(0, ScratchLength), batch);
        }
    }

    /// <summary>
    /// One packed buffer, which of its layouts hold the current weights, and which the kernel read since they were packed.
    /// Workers call <see cref="Ready"/> concurrently; <see cref="Repack"/> runs between steps, when no pass runs.
    /// </summary>
    private sealed class PackedCopy
    {
        private readonly Func<PackedLayouts> _reads;
        private readonly Action<AlignedBuffer, PackedLayouts> _pack;
        private readonly object _lock = new();
        private int _current, _used;

        // 64-byte aligned: every 512-bit weight load of a segment starting on a line stays within one line (a plain
        // array starts anywhere within a line; the 1-channel 3x3 kernel ran 4 % slower reading its weights 16 bytes off).
        public PackedCopy(int length, Func<PackedLayouts> reads, Action<AlignedBuffer, PackedLayouts> pack) =>
            (Buffer, _reads, _pack) = (new AlignedBuffer(length), reads, pack);

        public AlignedBuffer Buffer { get; }

        public PackedLayouts Current => (PackedLayouts)Volatile.Read(ref _current);

        /// <summary>Packs the layout the calling thread's pass reads if it is out of date, notes it as used, returns the buffer.</summary>
        public AlignedBuffer Ready()
        {
            int needed = (int)_reads();
            if ((Volatile.Read(ref _current) & needed) != needed)
            {
                lock (_lock)
                {
                    int missing = needed & ~_current;
                    if (missing != 0)
                    {
                        _pack(Buffer, (PackedLayouts)missing);
                        Volatile.Write(ref _current, _current | missing);
                    }
                }
            }

            if ((Volatile.Read(ref _used) & needed) != needed)
            {
                Interlocked.Or(ref _used, needed);
            }

            return Buffer;
        }

        /// <summary>The weights changed: packs the layouts read since the last packing (the calling thread's before any was read).</summary>
        public void Repack()
        {
            int layouts = Interlocked.Exchange(ref _used, 0);
            if (layouts == 0)
            {
                layouts = (int)_reads();
            }

            Volatile.Write(ref _current, 0);
            _pack(Buffer, (PackedLayouts)layouts);
            Volatile.Write(ref _current, layouts);
        }
    }
}
