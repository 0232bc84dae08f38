using System.Globalization;
using System.Linq;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>Writes a <c>[ConvNet]</c> class's generated part: shape constants, the layer table and a kernel class per convolution.</summary>
    internal static class NetworkEmitter
    {
        private static string Definition(LayerPlan plan)
        {
            LayerModel layer = plan.Layer;
            return layer.Kind switch
            {
                LayerKind.Conv2D or LayerKind.DepthwiseConv2D => $"LayerDefinition.Conv2D(\"{layer.Name}\", {layer.KernelClassName}.Kernel{Fusion(plan)})",
                LayerKind.MaxPool2D => $"LayerDefinition.MaxPool2D(\"{layer.Name}\", poolSize: {layer.PoolSize}, strides: {layer.Stride}{(layer.Padding == 1 ? ", Padding.Same" : string.Empty)})",
                LayerKind.Flatten => $"LayerDefinition.Flatten(\"{layer.Name}\")",
                LayerKind.Dense => $"LayerDefinition.Dense(\"{layer.Name}\", units: {layer.Units}, {ActivationName(layer.Activation)}, useBias: {(layer.UseBias ? "true" : "false")})",
                LayerKind.Dropout => $"LayerDefinition.Dropout(\"{layer.Name}\", rate: {layer.Rate.ToString("R", CultureInfo.InvariantCulture)})",
                LayerKind.Concatenate => $"LayerDefinition.Concatenate(\"{layer.Name}\", new[] {{ {string.Join(", ", layer.Inputs)} }})",
                LayerKind.Add => $"LayerDefinition.Add(\"{layer.Name}\", new[] {{ {string.Join(", ", layer.Inputs)} }}, {ActivationName(layer.Activation)})",
                LayerKind.BatchNormalization => $"LayerDefinition.BatchNormalization(\"{layer.Name}\", momentum: {layer.Momentum.ToString("R", CultureInfo.InvariantCulture)}, epsilon: {layer.Epsilon.ToString("R", CultureInfo.InvariantCulture)}, {ActivationName(layer.Activation)})",
                _ => throw new System.InvalidOperationException("Unknown layer kind " + layer.Kind),
            };
        }

        // The fusion decisions of a convolution's plan as named arguments of LayerDefinition.Conv2D.
        private static string Fusion(LayerPlan plan)
        {
            var text = new System.Text.StringBuilder();
            if (plan.Folded != null)
            {
                text.Append($", foldedKernel: {plan.Layer.KernelClassName}Folded.Kernel");
            }

            void Index(string name, int value)
            {
                if (value != LayerPlan.None)
                {
                    text.Append($", {name}: {value.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            Index("foldedNormalization", plan.FoldedNormalization);
            Index("sliceOf", plan.SliceOf);
            Index("residualAdd", plan.ResidualAdd);
            Index("foldedResidualAdd", plan.FoldedResidualAdd);
            Index("residualInput", plan.ResidualInput);
            Index("pooling", plan.Pooling);
            return text.ToString();
        }

        private static string ActivationName(int activation) => ActivationNames.Source(activation);

        public static string Emit(NetworkPlan plan)
        {
            NetworkModel model = plan.Model;
            var w = new SourceWriter();
            FileHeader.Write(w);
            if (model.Namespace != null)
            {
                w.Open($"namespace {model.Namespace}");
            }

            long parameters = model.Layers.Sum(l => l.ParameterCount);
            w.Line($"/// <summary>{model.ClassName}: {model.Input.Height}x{model.Input.Width}x{model.Input.Channels} input, {model.Layers.Count} layers, {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters.</summary>");
            w.Open($"{(model.IsStatic ? "static " : string.Empty)}partial class {model.ClassName}{(model.IsStatic ? string.Empty : " : SequentialNetwork")}");
            if (!model.IsStatic)
            {
                w.Line("/// <summary>Creates the network, its weights initialised as Keras does (Glorot-uniform kernels, zero biases) from <paramref name=\"seed\"/>.</summary>");
                w.Line($"public {model.ClassName}(int seed = 0)");
                w.Line($"    : base(\"{model.ClassName}\", InputHeight, InputWidth, InputChannels, CreateLayers(), Layers, seed)");
                w.Line("{");
                w.Line("}");
                w.Line();
            }

            w.Line($"public const int InputHeight = {model.Input.Height};");
            w.Line($"public const int InputWidth = {model.Input.Width};");
            w.Line($"public const int InputChannels = {model.Input.Channels};");
            LayerModel? last = model.Layers.LastOrDefault();
            TensorShape output = last?.Output ?? model.Input;
            w.Line($"/// <summary>Floats in one output of the network.</summary>");
            w.Line($"public const int OutputLength = {output.Length};");
            w.Line($"/// <summary>Trainable parameters, as Keras counts them.</summary>");
            w.Line($"public const long ParameterCount = {parameters};");
            w.Line();
            w.Line("/// <summary>The layers in order with their output shapes and parameter counts.</summary>");
            w.Open("public static IReadOnlyList<LayerSummary> Layers { get; } = new LayerSummary[]");
            foreach (LayerModel layer in model.Layers)
            {
                string shape = layer.Output.IsFlat
                    ? $"{layer.Output.Channels}"
                    : $"{layer.Output.Height}, {layer.Output.Width}, {layer.Output.Channels}";
                string frozen = layer.Kind == LayerKind.BatchNormalization ? $", {layer.ParameterCount / 2}" : string.Empty;
                w.Line($"new LayerSummary(\"{layer.Name}\", \"{layer.Kind}\", new[] {{ {shape} }}, {layer.ParameterCount}{frozen}),");
            }

            w.Close(";");
            if (!model.IsStatic)
            {
                w.Line();
                w.Line("/// <summary>The layers as the runtime builds them, with this class's generated kernels.</summary>");
                w.Open("private static LayerDefinition[] CreateLayers() => new LayerDefinition[]");
                for (int i = 0; i < model.Layers.Count; i++)
                {
                    LayerModel layer = model.Layers[i];
                    string definition = Definition(plan.Layers[i]);
                    if (layer.Inputs.Count > 0 && layer.Kind != LayerKind.Concatenate && layer.Kind != LayerKind.Add)
                    {
                        definition += $" with {{ Inputs = new[] {{ {string.Join(", ", layer.Inputs)} }} }}";
                    }

                    w.Line(definition + ",");
                }

                w.Close(";");
            }

            for (int i = 0; i < model.Layers.Count; i++)
            {
                LayerModel layer = model.Layers[i];
                LayerPlan layerPlan = plan.Layers[i];
                if (layerPlan.Kernel is null)
                {
                    continue;
                }

                string description = $"{layer.Name}: {layerPlan.Kernel.Conv.Describe()}";
                w.Line();
                w.Line($"/// <summary>Layer {description.Replace(">", "&gt;")}.</summary>");
                w.Open($"public static class {layer.KernelClassName}");
                ConvKernelEmitter.EmitMembers(w, KernelPlan.Create(layerPlan.Kernel), layer.KernelClassName, description);
                w.Close();
                if (layerPlan.Folded is KernelSpec folded)
                {
                    string foldedDescription = $"{layer.Name} with {model.Layers[i + 1].Name} folded in (inference): {folded.Conv.Describe()}";
                    w.Line();
                    w.Line($"/// <summary>Layer {foldedDescription.Replace(">", "&gt;")}.</summary>");
                    w.Open($"public static class {layer.KernelClassName}Folded");
                    ConvKernelEmitter.EmitMembers(w, KernelPlan.Create(folded), layer.KernelClassName + "Folded", foldedDescription);
                    w.Close();
                }
            }

            w.Close();
            if (model.Namespace != null)
            {
                w.Close();
            }

            return w.ToString();
        }
    }
}
