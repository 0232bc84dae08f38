using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>How big what the builder makes is: generated kernels grow with image size and channels.</summary>
internal enum SizeProfile
{
    /// <summary>2×2 to 3×3 images, 1 or 2 channels: the prelude's scenarios.</summary>
    Tiny,

    /// <summary>Mostly up to 4×4 and 3 channels, sometimes up to 8×8 and 8.</summary>
    Small,

    /// <summary>Up to 16×16 and 24 channels.</summary>
    Medium,

    /// <summary>8×8 to 12×12 images, 16 to 32 channels (Winograd's range).</summary>
    Large,
}

/// <summary>
/// Builds random valid declarations: networks (sequences of layers and <c>[Branch]</c> blocks — residual,
/// Inception-like or random — with small images and few channels so their kernels stay cheap to compile) and
/// standalone kernel classes. Each step is kept only if the reference rules still judge the class valid, so what
/// comes out is valid by construction; the faults and hazards change it afterwards.
/// </summary>
internal sealed class NetworkBuilder
{
    private static readonly string[] PlainNames = { "features", "block1_conv", "head", "stem", "conv_a", "Classifier", "x", "pool", "bn", "drop", "merge", "proj" };

    private readonly FuzzRandom _random;
    private readonly SizeProfile _profile;

    public NetworkBuilder(FuzzRandom random, SizeProfile profile = SizeProfile.Small)
    {
        _random = random;
        _profile = profile;
    }

    /// <summary>An argument with a random spelling (literal, hexadecimal, expression, constant, named …).</summary>
    public ArgumentSpec Arg(string kind, string name, object? value)
    {
        AttributeParameter p = Parameter(kind, name) ?? throw new ArgumentException($"{kind} has no {name}");
        int style = _random.Chance(0.6) ? 0 : _random.Next(1, 7);
        if (_random.Chance(0.08))
        {
            style = 7;
        }

        style |= (_random.Chance(0.15) ? 16 : 0) | (_random.Chance(0.5) ? 32 : 0) | (_random.Chance(0.15) ? 64 : 0);
        return new ArgumentSpec(name, p.Type, value, p.Constructor, style);
    }

    /// <summary>An attribute with the given arguments; optional ones equal to their default are sometimes left out.</summary>
    public AttributeSpec Attribute(string kind, params (string Name, object? Value)[] arguments)
    {
        var args = new List<ArgumentSpec>();
        foreach (var (name, value) in arguments)
        {
            AttributeParameter p = Parameter(kind, name)!;
            bool isDefault = p.Optional && Equals(p.Default, value);
            if (isDefault && _random.Chance(0.7))
            {
                continue;
            }

            args.Add(Arg(kind, name, value));
        }

        // Optional constructor arguments can only be left out from the end.
        var ctor = Parameters(kind).Where(p => p.Constructor).ToList();
        for (int i = 0; i < ctor.Count; i++)
        {
            if (args.Any(a => a.Name == ctor[i].Name) && ctor.Take(i).Any(q => args.All(a => a.Name != q.Name)))
            {
                foreach (var missing in ctor.Take(i).Where(q => args.All(a => a.Name != q.Name)))
                {
                    args.Add(Arg(kind, missing.Name, missing.Default));
                }
            }
        }

        args = args.OrderBy(a => a.Constructor ? ctor.FindIndex(p => p.Name == a.Name) : 100).ThenBy(_ => _random.Next(1000)).ToList();
        int nameStyle = _random.Chance(0.7) ? 0 : _random.Next(1, 5);
        nameStyle |= _random.Chance(0.2) ? 8 : 0;

        // Unknown bool options the runtime adds (such as an inference-only switch) are fuzzed too.
        foreach (AttributeParameter option in Parameters(kind).Where(p => p.Type == "bool" && !p.Constructor && !KnownOptions.Contains(p.Name)))
        {
            if (_random.Chance(0.3))
            {
                args.Add(Arg(kind, option.Name, _random.Chance(0.5)));
            }
        }

        return new AttributeSpec(kind, args.ToImmutableArray(), nameStyle);
    }

    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal) { "UseBias", "Winograd", "CountIncludePad" };

    /// <summary>A convolution's kernel size: 1 and 3 mostly, 5 and 7 sometimes (rarely at the large profile's channel counts).</summary>
    public int KernelSize()
    {
        double large = _profile == SizeProfile.Large ? 0.04 : 0.2;
        return _random.Chance(large) ? (_random.Chance(0.6) ? 5 : 7) : _random.Chance(0.5) ? 1 : 3;
    }

    /// <summary>A depthwise kernel size: 3, sometimes 5.</summary>
    public int DepthwiseKernelSize() => _random.Chance(0.25) ? 5 : 3;

    /// <summary>Sometimes explicit pads for a window of <paramref name="window"/> (each in [0, window), often symmetric or Keras-like), else null.</summary>
    public int[]? MaybePads(int window, double chance = 0.15)
    {
        if (window < 2 || !_random.Chance(chance))
        {
            return null;
        }

        return _random.Next(4) switch
        {
            0 => Enumerable.Repeat(window / 2, 4).ToArray(),
            1 => new[] { window / 2, window / 2, (window - 1) / 2, (window - 1) / 2 },
            2 => new[] { 0, 0, 0, 0 },
            _ => Enumerable.Range(0, 4).Select(_ => _random.Next(window)).ToArray(),
        };
    }

    public int Activation(bool softmax = false) => _random.Next(softmax ? 6 : 5) switch
    {
        0 or 1 => 0,
        2 => 1,
        3 => 3,
        5 => 2,
        _ => _random.Chance(0.5) ? 1 : 0,
    };

    private string? LayerName() => _random.Chance(0.12) ? _random.Pick(PlainNames) + (_random.Chance(0.5) ? "_" + _random.Next(10) : string.Empty) : null;

    private (string, object?)[] WithName((string, object?)[] args)
    {
        string? name = LayerName();
        return name is null ? args : args.Append(("Name", (object?)name)).ToArray();
    }

    public AttributeSpec Conv(int filters, int kernel, int stride = 1, int padding = 0, int activation = 0, bool? bias = null, int[]? pads = null) =>
        Attribute(Conv2D, WithPads(WithName(new (string, object?)[]
        {
            ("Filters", filters), ("KernelSize", kernel), ("Strides", stride), ("Padding", padding), ("Activation", activation),
            ("UseBias", bias ?? !_random.Chance(0.2)), ("Winograd", !_random.Chance(0.1)),
        }), pads));

    public AttributeSpec Depthwise(int stride = 1, int padding = 0, int activation = 0, int kernel = 3, int[]? pads = null) =>
        Attribute(DepthwiseConv2D, WithPads(WithName(new (string, object?)[] { ("KernelSize", kernel), ("Strides", stride), ("Padding", padding), ("Activation", activation), ("UseBias", !_random.Chance(0.2)) }), pads));

    public AttributeSpec Pool(int pool = 2, int stride = 0, int padding = 0, int[]? pads = null) =>
        Attribute(MaxPool2D, WithPads(WithName(new (string, object?)[] { ("PoolSize", pool), ("Strides", stride), ("Padding", padding) }), pads));

    /// <summary>An [AveragePooling2D]: Keras's (padded cells not counted) or, with <paramref name="countIncludePad"/>, ONNX's count_include_pad.</summary>
    public AttributeSpec AveragePool(int pool = 2, int stride = 0, int padding = 0, int[]? pads = null, bool countIncludePad = false) =>
        Attribute(AveragePooling2D, WithPads(WithName(new (string, object?)[] { ("PoolSize", pool), ("Strides", stride), ("Padding", padding), ("CountIncludePad", countIncludePad) }), pads));

    /// <summary>A [GlobalAveragePooling2D] or [GlobalMaxPooling2D].</summary>
    public AttributeSpec GlobalPool(bool max) => Plain(max ? GlobalMaxPooling2D : GlobalAveragePooling2D);

    private static (string, object?)[] WithPads((string, object?)[] args, int[]? pads) =>
        pads is null ? args : args.Where(x => x.Item1 != "Padding").Append(("Pads", (object?)pads)).ToArray();

    public AttributeSpec Norm(int activation = 0) =>
        Attribute(BatchNormalization, WithName(new (string, object?)[]
        {
            ("Momentum", _random.Chance(0.8) ? 0.99 : _random.Pick(new[] { 0.0, 0.9, 0.5, 0.999999 })),
            ("Epsilon", _random.Chance(0.8) ? 0.001 : _random.Pick(new[] { 1e-5, 0.5, 1e-12, 0.999 })), ("Activation", activation),
        }));

    public AttributeSpec DenseLayer(int units, int activation = 0) =>
        Attribute(Dense, WithName(new (string, object?)[] { ("Units", units), ("Activation", activation), ("UseBias", !_random.Chance(0.2)) }));

    public AttributeSpec Drop(double rate) => Attribute(Dropout, WithName(new (string, object?)[] { ("Rate", rate) }));

    public AttributeSpec Plain(string kind) => kind is Branch ? Attribute(Branch) : Attribute(kind, WithName(Array.Empty<(string, object?)>()));

    public AttributeSpec InputOf(int h, int w, int c) => Attribute(Input, ("Height", h), ("Width", w), ("Channels", c));

    private int Channels() => _profile switch
    {
        SizeProfile.Tiny => _random.Next(1, 2),
        SizeProfile.Large => _random.Pick(new[] { 16, 24, 32 }),
        SizeProfile.Medium => _random.Next(1, 24),

        // Few channels mostly; whole vectors (8, 16) and tails past them sometimes: the emitters branch on both.
        _ => _random.Chance(0.7) ? _random.Next(1, 4) : _random.Chance(0.6) ? _random.Pick(new[] { 8, 16 }) : _random.Next(5, 17),
    };

    private int ImageSize() => _profile switch
    {
        SizeProfile.Tiny => _random.Next(2, 3),
        SizeProfile.Large => _random.Next(8, 12),
        SizeProfile.Medium => _random.Next(1, 16),
        _ => _random.Small(1, 4, 8),
    };

    /// <summary>A valid network: [ConvNet], [Input] and a random sequence of layers and blocks.</summary>
    public ClassSpec Network(string name, NamespaceSpec ns, int maxSteps = 4)
    {
        int h = ImageSize(), w = _random.Chance(0.7) ? h : ImageSize();
        var head = new List<AttributeSpec> { Attribute(ConvNet), InputOf(h, w, Channels()) };
        var layers = new List<AttributeSpec>();
        int grouping = _random.Chance(0.4) ? 0 : _random.Chance(0.3) ? 1 : 3 + _random.Next(1000);
        int steps = _random.Next(1, maxSteps);
        for (int step = 0; step < steps; step++)
        {
            for (int attempt = 0; attempt < 6; attempt++)
            {
                var candidate = layers.Concat(Propose(Shape(head, layers))).ToList();
                if (IsValid(Make(name, ns, head, candidate, grouping)))
                {
                    layers = candidate;
                    break;
                }
            }
        }

        if (layers.Count == 0)
        {
            layers.Add(Plain(Flatten));
        }

        return Make(name, ns, head, layers, grouping);
    }

    /// <summary>A valid standalone [Conv2DKernel] or [DepthwiseConv2DKernel] class.</summary>
    public ClassSpec KernelClass(string name, NamespaceSpec ns, bool depthwise)
    {
        for (int attempt = 0; ; attempt++)
        {
            int h = ImageSize(), w = _random.Chance(0.7) ? h : ImageSize(), c = Channels();
            int kernel = depthwise ? DepthwiseKernelSize() : KernelSize(), stride = _random.Chance(0.25) ? 2 : 1, padding = _random.Next(2);
            int[]? pads = MaybePads(kernel);
            var args = new List<(string, object?)> { ("Height", h), ("Width", w), ("Channels", c) };
            if (!depthwise)
            {
                args.Add(("Filters", Channels()));
            }

            args.AddRange(new (string, object?)[] { ("KernelSize", kernel), ("Strides", stride), ("Padding", padding), ("Activation", Activation()), ("UseBias", !_random.Chance(0.2)) });
            if (!depthwise)
            {
                args.Add(("Winograd", !_random.Chance(0.1)));
            }

            if (pads != null)
            {
                args.RemoveAll(x => x.Item1 == "Padding");
                args.Add(("Pads", pads));
            }

            var part = new PartSpec(ImmutableArray.Create(Attribute(depthwise ? DepthwiseConv2DKernel : Conv2DKernel, args.ToArray())), Grouping: _random.Next(3));
            var spec = new ClassSpec(name, ns, ImmutableArray.Create(part), Modifiers: _random.Pick(new[] { "public", "public static", "internal", "internal static", "public sealed" }));
            if (IsValid(spec) || attempt > 20)
            {
                return spec;
            }
        }
    }

    private static bool IsValid(ClassSpec spec) => ReferenceRules.Judge(spec).Expectation != Expectation.Invalid;

    private static ClassSpec Make(string name, NamespaceSpec ns, List<AttributeSpec> head, List<AttributeSpec> layers, int grouping) =>
        new(name, ns, ImmutableArray.Create(new PartSpec(head.Concat(layers).ToImmutableArray(), Grouping: grouping)));

    private static (long H, long W, long C, bool Flat) Shape(List<AttributeSpec> head, List<AttributeSpec> layers)
    {
        var probe = new ClassSpec("Probe", new NamespaceSpec(ImmutableArray.Create("Probe_"), NamespaceStyle.Block), ImmutableArray.Create(new PartSpec(head.Concat(layers).ToImmutableArray())));
        return ReferenceRules.Judge(probe).Output ?? (1, 1, 1, true);
    }

    /// <summary>The next layer or block for the current shape.</summary>
    private IEnumerable<AttributeSpec> Propose((long H, long W, long C, bool Flat) shape)
    {
        if (shape.Flat)
        {
            return _random.Next(6) switch
            {
                0 => new[] { Drop(_random.Pick(new[] { 0.0, 0.25, 0.5, 0.9 })) },
                1 => new[] { Norm(Activation()) },
                _ => new[] { DenseLayer(_random.Small(1, 8, 40), Activation(softmax: true)) },
            };
        }

        int c = (int)shape.C;
        switch (_random.Next(15))
        {
            case 0:
            case 1:
            case 2:
                int kernel = KernelSize();
                return new[] { Conv(Channels(), kernel, _random.Chance(0.2) ? 2 : 1, _random.Next(2), Activation(), pads: MaybePads(kernel)) };
            case 3:
                int depthwiseKernel = DepthwiseKernelSize();
                return new[] { Depthwise(_random.Chance(0.2) ? 2 : 1, _random.Next(2), Activation(), depthwiseKernel, MaybePads(depthwiseKernel)) };
            case 4:
                int pool = _random.Chance(0.7) ? 2 : 3;
                int poolStride = _random.Chance(0.6) ? 0 : _random.Next(1, pool);
                return _random.Chance(0.6)
                    ? new[] { Pool(pool, poolStride, _random.Next(2), MaybePads(pool)) }
                    : new[] { AveragePool(pool, poolStride, _random.Next(2), MaybePads(pool, 0.25), _random.Chance(0.4)) };
            case 14:
                return new[] { GlobalPool(_random.Chance(0.5)) };
            case 5:
                return new[] { Norm(Activation()) };
            case 6:
                return new[] { Drop(_random.Pick(new[] { 0.0, 0.1, 0.5 })) };
            case 7:
            case 8:
                return new[] { Plain(Flatten) };
            case 9:
            case 10:
                return Residual(c);
            case 11:
                return Inception();
            case 12:
                return ConvNormChain(c);
            default:
                return RandomBlock(c);
        }
    }

    /// <summary>A residual block: a convolution chain (its last convolution linear, perhaps normalised) beside an identity or projection shortcut, merged by Add.</summary>
    public IEnumerable<AttributeSpec> Residual(int channels)
    {
        bool down = _random.Chance(0.2);
        int filters = _random.Chance(0.6) ? channels : Channels();
        var block = new List<AttributeSpec> { Plain(Branch) };
        if (_random.Chance(0.5))
        {
            block.Add(Conv(filters, 3, down ? 2 : 1, 1, Activation()));
        }

        block.Add(Conv(filters, _random.Chance(0.5) ? 3 : 1, down && block.Count == 1 ? 2 : 1, 1, _random.Chance(0.8) ? 0 : 1));
        if (_random.Chance(0.3))
        {
            block.Add(Norm(_random.Chance(0.8) ? 0 : 1));
        }

        block.Add(Plain(Branch));
        if (down || filters != channels)
        {
            block.Add(Conv(filters, 1, down ? 2 : 1, 0, 0));
        }

        block.Add(Attribute(Add, WithName(new (string, object?)[] { ("Activation", _random.Chance(0.5) ? 0 : Activation()) })));
        return block;
    }

    /// <summary>An Inception-like block: branches that keep the image size, concatenated.</summary>
    public IEnumerable<AttributeSpec> Inception()
    {
        var block = new List<AttributeSpec>();
        int branches = _random.Next(2, 4);
        for (int b = 0; b < branches; b++)
        {
            block.Add(Plain(Branch));
            switch (_random.Next(6))
            {
                case 0:
                    block.Add(Conv(Channels(), 1, 1, _random.Next(2), Activation()));
                    break;
                case 5:
                    // The seed's 5x5 branch: a 1x1 reduction, then 5x5 'same'.
                    block.Add(Conv(Channels(), 1, 1, 0, Activation()));
                    block.Add(Conv(Channels(), 5, 1, 1, Activation()));
                    break;
                case 1:
                    block.Add(Conv(Channels(), 1, 1, 0, Activation()));
                    block.Add(Conv(Channels(), 3, 1, 1, Activation()));
                    break;
                case 2:
                    block.Add(Pool(3, 1, 1));
                    block.Add(Conv(Channels(), 1, 1, 0, Activation()));
                    break;
                case 3:
                    block.Add(Depthwise(1, 1, Activation()));
                    break;
                default:
                    break;
            }
        }

        block.Add(Plain(Concatenate));
        return block;
    }

    /// <summary>Convolution → batch normalisation (a fold at inference), perhaps activated.</summary>
    private IEnumerable<AttributeSpec> ConvNormChain(int channels) =>
        new[] { _random.Chance(0.8) ? Conv(Channels(), _random.Chance(0.5) ? 1 : 3, 1, 1, 0, bias: _random.Chance(0.3)) : Depthwise(1, 1, 0), Norm(Activation()) };

    /// <summary>A block of random branches (often invalid: then it is not kept).</summary>
    private IEnumerable<AttributeSpec> RandomBlock(int channels)
    {
        var block = new List<AttributeSpec>();
        int branches = _random.Next(2, 4);
        for (int b = 0; b < branches; b++)
        {
            block.Add(Plain(Branch));
            int length = _random.Next(0, 3);
            for (int i = 0; i < length; i++)
            {
                block.Add(_random.Next(4) switch
                {
                    0 => Conv(_random.Chance(0.5) ? channels : Channels(), _random.Chance(0.5) ? 1 : 3, 1, 1, Activation()),
                    1 => Norm(Activation()),
                    2 => Depthwise(1, 1, Activation()),
                    _ => Drop(0.5),
                });
            }
        }

        block.Add(_random.Chance(0.5) ? Attribute(Add, ("Activation", Activation())) : Plain(Concatenate));
        return block;
    }
}
