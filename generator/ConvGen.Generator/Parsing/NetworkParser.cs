using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing
{
    /// <summary>
    /// Turns a <c>[ConvNet]</c> class into a <see cref="NetworkModel"/>: reads <c>[Input]</c> and the layer
    /// attributes in declaration order and infers every shape with Keras's rules, or reports why it cannot.
    /// </summary>
    internal static class NetworkParser
    {
        /// <summary>Tests set this to make parsing throw, proving an unexpected exception becomes CG9999.</summary>
        internal static Action<string>? FaultInjectionForTests { get; set; }

        public static ParseResult<NetworkModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                FaultInjectionForTests?.Invoke(type.Name);
                if (!DeclarationChecks.IsFirstApplication(context))
                {
                    return new ParseResult<NetworkModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
                }

                NetworkModel? model = ParseCore(type, syntax, context.SemanticModel.Compilation, diagnostics, cancellationToken);
                return new ParseResult<NetworkModel>(diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : model, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), type.Name, ex.GetType().Name + ": " + ex.Message));
                return new ParseResult<NetworkModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
        }

        private static NetworkModel? ParseCore(INamedTypeSymbol type, TypeDeclarationSyntax syntax, Compilation compilation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (!DeclarationChecks.CheckClass(type, syntax, "ConvNet", diagnostics))
            {
                return null;
            }

            ImmutableAttributes attributes = ImmutableAttributes.Of(type);
            Location classLocation = syntax.Identifier.GetLocation();
            if (!type.IsStatic && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && baseType.ToDisplayString() != MemberNameChecks.NetworkBase)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HasBaseClass, classLocation, type.Name, baseType.ToDisplayString()));
                return null;
            }

            if (!type.IsStatic && type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructor, classLocation, type.Name));
                return null;
            }

            if (attributes.Has(AttributeNames.Conv2DKernel) || attributes.Has(AttributeNames.DepthwiseConv2DKernel))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Contradictory, classLocation, type.Name, "[ConvNet] and a kernel attribute cannot be combined; a class is a network or a single kernel"));
                return null;
            }

            List<AttributeReader> layers = attributes.All.Where(a => AttributeNames.IsLayer(a.Name) || AttributeNames.IsGraph(a.Name)).Select(a => a.Reader).ToList();
            if (layers.Select(l => l.Data.ApplicationSyntaxReference?.SyntaxTree.FilePath + ":" + DeclarationOf(l.Data)).Distinct().Count() > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSplitAcrossDeclarations, classLocation, type.Name));
                return null;
            }

            foreach (var attribute in attributes.All)
            {
                if ((attribute.Name == AttributeNames.Input || AttributeNames.IsLayer(attribute.Name) || AttributeNames.IsGraph(attribute.Name)) && !attribute.Reader.IsValid)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotConstant, attribute.Reader.Location, attribute.Reader.ShortName));
                    return null;
                }
            }

            AttributeReader? inputAttribute = attributes.First(AttributeNames.Input);
            if (inputAttribute is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, classLocation, type.Name));
                return null;
            }

            int h = inputAttribute.Int("Height", 0), w = inputAttribute.Int("Width", 0), c = inputAttribute.Int("Channels", 0);
            Location? inputLocation = inputAttribute.Location;
            bool inputOk = DeclarationChecks.InRange(h, 1, ConvChecks.MaxSpatial, "Input height", inputLocation, diagnostics)
                & DeclarationChecks.InRange(w, 1, ConvChecks.MaxSpatial, "Input width", inputLocation, diagnostics)
                & DeclarationChecks.InRange(c, 1, ConvChecks.MaxChannels, "Input channels", inputLocation, diagnostics);
            if (!inputOk || !DeclarationChecks.InRange((long)h * w * c, 1, ConvChecks.MaxTensor, "Input floats per image", inputLocation, diagnostics))
            {
                return null;
            }

            if (layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, type.Name));
            }

            TensorShape input = TensorShape.Spatial(h, w, c);
            var models = new List<LayerModel>();
            var names = new LayerNames();

            // The graph: `current` is the layer whose output the next layer reads (−1: the input). [Branch] opens a
            // block (or the next branch of it) from the block's input; a merge closes it over every branch's output.
            int current = -1;
            TensorShape currentShape = input;
            int blockInput = -1;
            TensorShape blockShape = input;
            List<(int Layer, TensorShape Shape)>? branches = null;
            foreach (AttributeReader layer in layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string attributeName = layer.Data.AttributeClass!.ToDisplayString();
                if (attributeName == AttributeNames.Branch)
                {
                    if (branches is null)
                    {
                        branches = new List<(int, TensorShape)>();
                        blockInput = current;
                        blockShape = currentShape;
                    }
                    else
                    {
                        branches.Add((current, currentShape));
                    }

                    current = blockInput;
                    currentShape = blockShape;
                    continue;
                }

                if (attributeName == AttributeNames.Concatenate || attributeName == AttributeNames.Add)
                {
                    bool concatenate = attributeName == AttributeNames.Concatenate;
                    if (branches is null || branches.Count == 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnbalancedBlock, layer.Location, type.Name,
                            $"[{layer.ShortName}] merges fewer than two branches; open each branch with [Branch]"));
                        return null;
                    }

                    branches.Add((current, currentShape));
                    LayerModel? merge = ParseMerge(layer, concatenate, branches, names, diagnostics);
                    if (merge is null)
                    {
                        return null;
                    }

                    models.Add(merge);
                    current = models.Count - 1;
                    currentShape = merge.Output;
                    branches = null;
                    continue;
                }

                LayerModel? model = ParseLayer(layer, currentShape, names, diagnostics);
                if (model is null)
                {
                    return null;
                }

                if (current != models.Count - 1)
                {
                    model = model with { Inputs = new EquatableArray<int>(new[] { current }) };
                }

                models.Add(model);
                current = models.Count - 1;
                currentShape = model.Output;
            }

            if (branches != null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnbalancedBlock, classLocation, type.Name,
                    "a block opened by [Branch] is never merged; end it with [Concatenate] or [Add]"));
                return null;
            }

            if (current != models.Count - 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnbalancedBlock, classLocation, type.Name, "the network's output is not its last layer"));
                return null;
            }

            if (!MemberNameChecks.CheckNetwork(type, compilation, models, classLocation, diagnostics))
            {
                return null;
            }

            bool inferenceOnly = attributes.First(AttributeNames.ConvNet)?.Bool("InferenceOnly", false) ?? false;
            return new NetworkModel(DeclarationChecks.Namespace(type), type.Name, DeclarationChecks.Accessibility(type), type.IsStatic, input, new EquatableArray<LayerModel>(models), inferenceOnly);
        }

        private static string DeclarationOf(AttributeData data)
        {
            SyntaxNode? node = data.ApplicationSyntaxReference?.GetSyntax();
            while (node != null && !(node is TypeDeclarationSyntax))
            {
                node = node.Parent;
            }

            return node?.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        private static LayerModel? ParseMerge(AttributeReader a, bool concatenate, List<(int Layer, TensorShape Shape)> branches, LayerNames names, List<DiagnosticInfo> diagnostics)
        {
            Location? location = a.Location;
            string? name = names.Take(a.String("Name"), concatenate ? "concatenate" : "add", location, diagnostics);
            if (name is null)
            {
                return null;
            }

            TensorShape first = branches[0].Shape;
            long channels = 0;
            foreach ((int _, TensorShape shape) in branches)
            {
                bool fits = concatenate
                    ? !shape.IsFlat && !first.IsFlat && shape.Height == first.Height && shape.Width == first.Width
                    : shape == first;
                if (!fits)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MergeShapeMismatch, location, name, concatenate ? "Concatenate" : "Add",
                        first.ToKeras(), shape.ToKeras(), concatenate ? "every branch needs the same height and width" : "every branch needs the same shape"));
                    return null;
                }

                channels += shape.Channels;
            }

            int activation = concatenate ? 0 : a.Enum("Activation", 0);
            if (activation != ActivationNames.None && activation != ActivationNames.Relu && activation != ActivationNames.Relu6)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidActivation, location, name, ConvChecks.ActivationName(activation), "Activation.None, Activation.Relu or Activation.Relu6"));
                return null;
            }

            if (concatenate && (!DeclarationChecks.InRange(channels, 1, ConvChecks.MaxChannels, $"Layer '{name}': concatenated channels", location, diagnostics) ||
                !DeclarationChecks.InRange((long)first.Height * first.Width * channels, 1, ConvChecks.MaxTensor, $"Layer '{name}': concatenated floats per image", location, diagnostics)))
            {
                return null;
            }

            TensorShape output = concatenate ? TensorShape.Spatial(first.Height, first.Width, (int)channels) : first;
            return new LayerModel(concatenate ? LayerKind.Concatenate : LayerKind.Add, name, LayerNames.ClassName(name), first, output, 0, null, 0, activation, false, 0, 0, 0)
            {
                Inputs = new EquatableArray<int>(branches.Select(b => b.Layer)),
            };
        }

        // MaxPool2D and AveragePooling2D: pool 2 or 3, strides 1..pool (0: the pool), Keras padding or explicit pads.
        private static LayerModel? ParsePooling(AttributeReader a, LayerKind kind, string attribute, string defaultName, TensorShape input, LayerNames names, List<DiagnosticInfo> diagnostics)
        {
            Location? location = a.Location;
            string? name = names.Take(a.String("Name"), defaultName, location, diagnostics);
            if (name is null)
            {
                return null;
            }

            if (input.IsFlat)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialOnFlat, location, name, attribute, input.ToKeras()));
                return null;
            }

            int pool = a.Int("PoolSize", 2);
            int stride = a.Int("Strides", 0);
            if (stride == 0)
            {
                stride = pool;
            }

            if (pool != 2 && pool != 3)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedPool, location, name, $"pool size {pool}", "2 or 3"));
                return null;
            }

            if (stride < 1 || stride > pool)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedPool, location, name, $"stride {stride}", $"1..{pool}"));
                return null;
            }

            int padding = a.Enum("Padding", 0);
            if (padding != 0 && padding != 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedPool, location, name, $"padding value {padding}", "Padding.Valid or Padding.Same"));
                return null;
            }

            int[]? pads = a.IntArray("Pads", out bool padsValid);
            if (!padsValid || (pads != null && !PadChecks.Check(name, pads, pool, padding, location, diagnostics)))
            {
                if (!padsValid)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPads, location, name, "(not int constants)", "must be int constants"));
                }

                return null;
            }

            int top, left, bottom, right;
            if (pads != null)
            {
                (top, left, bottom, right) = (pads[0], pads[1], pads[2], pads[3]);
            }
            else
            {
                (top, bottom) = KerasPadding.Pads(input.Height, pool, stride, padding == 1);
                (left, right) = KerasPadding.Pads(input.Width, pool, stride, padding == 1);
            }

            long paddedHeight = (long)input.Height + top + bottom, paddedWidth = (long)input.Width + left + right;
            int oh = paddedHeight >= pool ? (int)((paddedHeight - pool) / stride) + 1 : 0;
            int ow = paddedWidth >= pool ? (int)((paddedWidth - pool) / stride) + 1 : 0;
            if (oh < 1 || ow < 1)
            {
                string what = kind == LayerKind.MaxPool2D ? "max pooling" : "average pooling";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyOutput, location, name, $"{pool}x{pool} {what} stride {stride}", $"{input.Height}x{input.Width}", $"{oh}x{ow}"));
                return null;
            }

            bool countIncludePad = kind == LayerKind.AveragePooling2D && a.Bool("CountIncludePad", false);
            return new LayerModel(kind, name, LayerNames.ClassName(name), input, TensorShape.Spatial(oh, ow, input.Channels), 0, null, 0, 0, false, pool, stride, 0, padding)
            {
                // Counting padded cells needs the pads explicit, also when Keras's 'same' gave them.
                Pads = pads is null && !countIncludePad ? EquatableArray<int>.Empty : new EquatableArray<int>(new[] { top, left, bottom, right }),
                CountIncludePad = countIncludePad,
            };
        }

        private static LayerModel? ParseLayer(AttributeReader a, TensorShape input, LayerNames names, List<DiagnosticInfo> diagnostics)
        {
            Location? location = a.Location;
            string attributeName = a.Data.AttributeClass!.ToDisplayString();
            switch (attributeName)
            {
                case AttributeNames.Conv2D:
                {
                    string? name = names.Take(a.String("Name"), "conv2d", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    if (input.IsFlat)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialOnFlat, location, name, "Conv2D", input.ToKeras()));
                        return null;
                    }

                    ConvModel? conv = ConvChecks.Build(
                        name, input, a.Int("Filters", 0), a.Int("KernelSize", 0), a.Int("Strides", 1), a.Enum("Padding", 0), a.Enum("Activation", 0), a.Bool("UseBias", true), location, diagnostics,
                        pads: a.IntArray("Pads", out bool convPadsValid), padsValid: convPadsValid);
                    if (conv is null)
                    {
                        return null;
                    }

                    conv = conv with { WinogradAllowed = a.Bool("Winograd", true) };
                    ConvChecks.ReportSegmentation(name, conv, location, diagnostics);
                    return new LayerModel(LayerKind.Conv2D, name, LayerNames.ClassName(name), input, TensorShape.Spatial(conv.OutputHeight, conv.OutputWidth, conv.Filters),
                        conv.ParameterCount, conv, 0, conv.Activation, conv.UseBias, 0, conv.Stride, 0);
                }

                case AttributeNames.DepthwiseConv2D:
                {
                    string? name = names.Take(a.String("Name"), "depthwise_conv2d", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    if (input.IsFlat)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialOnFlat, location, name, "DepthwiseConv2D", input.ToKeras()));
                        return null;
                    }

                    ConvModel? conv = ConvChecks.Build(
                        name, input, input.Channels, a.Int("KernelSize", 3), a.Int("Strides", 1), a.Enum("Padding", 0), a.Enum("Activation", 0), a.Bool("UseBias", true), location, diagnostics, depthwise: true,
                        pads: a.IntArray("Pads", out bool depthwisePadsValid), padsValid: depthwisePadsValid);
                    if (conv is null)
                    {
                        return null;
                    }

                    return new LayerModel(LayerKind.DepthwiseConv2D, name, LayerNames.ClassName(name), input, TensorShape.Spatial(conv.OutputHeight, conv.OutputWidth, conv.Filters),
                        conv.ParameterCount, conv, 0, conv.Activation, conv.UseBias, 0, conv.Stride, 0);
                }

                case AttributeNames.MaxPool2D:
                    return ParsePooling(a, LayerKind.MaxPool2D, "MaxPool2D", "max_pooling2d", input, names, diagnostics);

                case AttributeNames.AveragePooling2D:
                    return ParsePooling(a, LayerKind.AveragePooling2D, "AveragePooling2D", "average_pooling2d", input, names, diagnostics);

                case AttributeNames.GlobalAveragePooling2D:
                case AttributeNames.GlobalMaxPooling2D:
                {
                    bool max = attributeName == AttributeNames.GlobalMaxPooling2D;
                    string? name = names.Take(a.String("Name"), max ? "global_max_pooling2d" : "global_average_pooling2d", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    if (input.IsFlat)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialOnFlat, location, name, max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D", input.ToKeras()));
                        return null;
                    }

                    return new LayerModel(max ? LayerKind.GlobalMaxPooling2D : LayerKind.GlobalAveragePooling2D, name, LayerNames.ClassName(name), input, TensorShape.Flat(input.Channels), 0, null, 0, 0, false, 0, 0, 0);
                }

                case AttributeNames.Flatten:
                {
                    string? name = names.Take(a.String("Name"), "flatten", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    if (input.IsFlat)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Contradictory, location, name, $"Flatten '{name}' follows a tensor that is already flat {input.ToKeras()}; remove the duplicate"));
                        return null;
                    }

                    return new LayerModel(LayerKind.Flatten, name, LayerNames.ClassName(name), input, TensorShape.Flat(checked((int)input.Length)), 0, null, 0, 0, false, 0, 0, 0);
                }

                case AttributeNames.Dense:
                {
                    string? name = names.Take(a.String("Name"), "dense", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    if (!input.IsFlat)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseOnSpatial, location, name, input.ToKeras()));
                        return null;
                    }

                    int units = a.Int("Units", 0);
                    int activation = a.Enum("Activation", 0);
                    bool bias = a.Bool("UseBias", true);
                    if (!DeclarationChecks.InRange(units, 1, ConvChecks.MaxChannels, $"Layer '{name}': units", location, diagnostics) ||
                        !DeclarationChecks.InRange((long)units * input.Channels, 1, ConvChecks.MaxTensor, $"Layer '{name}': weights", location, diagnostics))
                    {
                        return null;
                    }

                    if (activation < ActivationNames.None || activation > ActivationNames.Relu6)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidActivation, location, name, ConvChecks.ActivationName(activation), "Activation.None, Activation.Relu, Activation.Relu6 or Activation.Softmax"));
                        return null;
                    }

                    long parameters = (long)input.Channels * units + (bias ? units : 0);
                    return new LayerModel(LayerKind.Dense, name, LayerNames.ClassName(name), input, TensorShape.Flat(units), parameters, null, units, activation, bias, 0, 0, 0);
                }

                case AttributeNames.BatchNormalization:
                {
                    string? name = names.Take(a.String("Name"), "batch_normalization", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    double momentum = a.Double("Momentum", 0.99), epsilon = a.Double("Epsilon", 0.001);
                    int activation = a.Enum("Activation", 0);
                    if (!(momentum >= 0 && momentum < 1) || !(epsilon > 0 && epsilon < 1))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeOutOfRange, location, $"Layer '{name}': momentum {momentum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} / epsilon",
                            epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "momentum in [0, 1) and epsilon in (0, 1)"));
                        return null;
                    }

                    if (activation != ActivationNames.None && activation != ActivationNames.Relu && activation != ActivationNames.Relu6)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidActivation, location, name, ConvChecks.ActivationName(activation), "Activation.None, Activation.Relu or Activation.Relu6"));
                        return null;
                    }

                    // Keras counts gamma, beta, moving mean and moving variance: 4 per channel, 2 of them not trainable.
                    return new LayerModel(LayerKind.BatchNormalization, name, LayerNames.ClassName(name), input, input, 4L * input.Channels, null, 0, activation, false, 0, 0, 0, 0, epsilon, momentum);
                }

                case AttributeNames.Dropout:
                {
                    string? name = names.Take(a.String("Name"), "dropout", location, diagnostics);
                    if (name is null)
                    {
                        return null;
                    }

                    double rate = a.Double("Rate", -1);
                    if (!(rate >= 0 && rate < 1))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDropout, location, name, rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                        return null;
                    }

                    return new LayerModel(LayerKind.Dropout, name, LayerNames.ClassName(name), input, input, 0, null, 0, 0, false, 0, 0, rate);
                }

                default:
                    throw new InvalidOperationException("Unknown layer attribute " + attributeName);
            }
        }
    }
}
