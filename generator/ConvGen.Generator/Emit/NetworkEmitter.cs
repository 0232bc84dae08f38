using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes a <c>[ConvNet]</c> class's generated part: shape constants, the layer table, and the layers as the runtime
    /// builds them, each convolution with its kernels (shared structs in <see cref="RuntimeNames.GeneratedNamespace"/>)
    /// and its fusion decisions. Every name is <c>global::</c>-qualified: the file is in the user's namespace.
    /// </summary>
    internal static class NetworkEmitter
    {
        public static string Emit(NetworkPlan plan)
        {
            NetworkModel model = plan.Model;
            var w = new SourceWriter();
            FileHeader.WriteClassFile(w);
            if (model.Namespace != null)
            {
                w.Open($"namespace {model.Namespace}");
            }

            string className = CSharpText.Identifier(model.ClassName);
            long parameters = model.Layers.Sum(l => l.ParameterCount);
            w.Line($"/// <summary>{CSharpText.Xml(model.ClassName)}: {model.Input.Height}x{model.Input.Width}x{model.Input.Channels} input, {model.Layers.Count} layers, {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters{(model.InferenceOnly ? ", inference only" : string.Empty)}.</summary>");
            w.Open($"{(model.IsStatic ? "static " : string.Empty)}partial class {className}{(model.IsStatic ? string.Empty : " : " + RuntimeNames.Network)}");
            if (!model.IsStatic)
            {
                w.Line("/// <summary>Creates the network, its weights initialised as Keras does (Glorot-uniform kernels, zero biases) from <paramref name=\"seed\"/>.</summary>");
                w.Line($"public {className}(int seed = 0)");
                w.Line($"    : base({CSharpText.Literal(model.ClassName)}, InputHeight, InputWidth, InputChannels, CreateLayers(), Layers, seed{(model.InferenceOnly ? ", inferenceOnly: true" : string.Empty)})");
                w.Line("{");
                w.Line("}");
                w.Line();
            }

            w.Line($"public const int InputHeight = {I(model.Input.Height)};");
            w.Line($"public const int InputWidth = {I(model.Input.Width)};");
            w.Line($"public const int InputChannels = {I(model.Input.Channels)};");
            TensorShape output = model.Layers.LastOrDefault()?.Output ?? model.Input;
            w.Line("/// <summary>Floats in one output of the network.</summary>");
            w.Line($"public const int OutputLength = {I(output.Length)};");
            long movingStatistics = model.Layers.Where(l => l.Kind == LayerKind.BatchNormalization).Sum(l => l.ParameterCount / 2);
            w.Line("/// <summary>Parameters, trainable or not (Keras's \"Total params\"; batch normalisation's moving statistics are not trained).</summary>");
            w.Line($"public const long ParameterCount = {I(parameters)};");
            w.Line("/// <summary>Trainable parameters (Keras's \"Trainable params\"): <c>ParameterCount</c> less batch normalisation's moving statistics.</summary>");
            w.Line($"public const long TrainableParameterCount = {I(parameters - movingStatistics)};");
            w.Line();
            w.Line("/// <summary>The layers in order with their output shapes and parameter counts.</summary>");
            w.Open($"public static {RuntimeNames.IReadOnlyList}<{RuntimeNames.LayerSummary}> Layers {{ get; }} = new {RuntimeNames.LayerSummary}[]");
            foreach (LayerModel layer in model.Layers)
            {
                string shape = layer.Output.IsFlat
                    ? I(layer.Output.Channels)
                    : $"{I(layer.Output.Height)}, {I(layer.Output.Width)}, {I(layer.Output.Channels)}";
                string frozen = layer.Kind == LayerKind.BatchNormalization ? $", {I(layer.ParameterCount / 2)}" : string.Empty;
                w.Line($"new {RuntimeNames.LayerSummary}({CSharpText.Literal(layer.Name)}, \"{layer.Kind}\", new[] {{ {shape} }}, {I(layer.ParameterCount)}{frozen}),");
            }

            w.Close(";");
            foreach (LayerPlan layer in plan.Layers)
            {
                if (layer.Kernel != null)
                {
                    w.Line();
                    w.Line($"/// <summary>The kernel of layer {CSharpText.XmlLiteral(layer.Layer.Name)}: {CSharpText.Xml(layer.Kernel.Conv.Describe())}.</summary>");
                    w.Line($"public static {RuntimeNames.IConv2DKernel} {layer.Layer.KernelClassName} => {RuntimeNames.Kernel(layer.Kernel.Name)}.Kernel;");
                }

                if (layer.Folded != null)
                {
                    w.Line($"/// <summary>Layer {CSharpText.XmlLiteral(layer.Layer.Name)} with the batch normalisation after it folded in (inference): {CSharpText.Xml(layer.Folded.Conv.Describe())}.</summary>");
                    w.Line($"public static {RuntimeNames.IConv2DKernel} {layer.Layer.KernelClassName}Folded => {RuntimeNames.Kernel(layer.Folded.Name)}.Kernel;");
                }
            }

            if (!model.IsStatic)
            {
                w.Line();
                w.Line("/// <summary>The layers as the runtime builds them, with their generated kernels and what each kernel fuses.</summary>");
                w.Open($"private static {RuntimeNames.LayerDefinition}[] CreateLayers() => new {RuntimeNames.LayerDefinition}[]");
                foreach (LayerPlan layer in plan.Layers)
                {
                    string definition = Definition(layer);
                    LayerModel model1 = layer.Layer;
                    if (model1.Inputs.Count > 0 && model1.Kind != LayerKind.Concatenate && model1.Kind != LayerKind.Add)
                    {
                        definition += $" with {{ Inputs = new[] {{ {Indices(model1.Inputs)} }} }}";
                    }

                    w.Line(definition + ",");
                }

                w.Close(";");
            }

            w.Close();
            if (model.Namespace != null)
            {
                w.Close();
            }

            return w.ToString();
        }

        private static string Definition(LayerPlan plan)
        {
            LayerModel layer = plan.Layer;
            string name = CSharpText.Literal(layer.Name);
            string d = RuntimeNames.LayerDefinition;
            return layer.Kind switch
            {
                LayerKind.Conv2D or LayerKind.DepthwiseConv2D => $"{d}.Conv2D({name}, {(plan.Kernel is null ? KernelEmitter.Shape(layer.Conv!) : layer.KernelClassName)}{Fusion(plan)})",
                LayerKind.MaxPool2D when layer.Pads.Count == 4 =>
                    $"{d}.MaxPool2D({name}, poolSize: {I(layer.PoolSize)}, strides: {I(layer.Stride)}, {Pads(layer.Pads)})",
                LayerKind.MaxPool2D => $"{d}.MaxPool2D({name}, poolSize: {I(layer.PoolSize)}, strides: {I(layer.Stride)}{(layer.Padding == 1 ? ", " + RuntimeNames.PaddingValue(1) : string.Empty)})",
                LayerKind.AveragePooling2D when layer.Pads.Count == 4 || layer.CountIncludePad =>
                    $"{d}.AveragePooling2D({name}, poolSize: {I(layer.PoolSize)}, strides: {I(layer.Stride)}, {Pads(layer.Pads)}, countIncludePad: {(layer.CountIncludePad ? "true" : "false")})",
                LayerKind.AveragePooling2D => $"{d}.AveragePooling2D({name}, poolSize: {I(layer.PoolSize)}, strides: {I(layer.Stride)}, {RuntimeNames.PaddingValue(layer.Padding)})",
                LayerKind.GlobalAveragePooling2D => $"{d}.GlobalAveragePooling2D({name})",
                LayerKind.GlobalMaxPooling2D => $"{d}.GlobalMaxPooling2D({name})",
                LayerKind.Flatten => $"{d}.Flatten({name})",
                LayerKind.Dense => $"{d}.Dense({name}, units: {I(layer.Units)}, {RuntimeNames.ActivationValue(layer.Activation)}, useBias: {(layer.UseBias ? "true" : "false")})",
                LayerKind.Dropout => $"{d}.Dropout({name}, rate: {layer.Rate.ToString("R", CultureInfo.InvariantCulture)})",
                LayerKind.Concatenate => $"{d}.Concatenate({name}, new[] {{ {Indices(layer.Inputs)} }})",
                LayerKind.Add => $"{d}.Add({name}, new[] {{ {Indices(layer.Inputs)} }}, {RuntimeNames.ActivationValue(layer.Activation)})",
                LayerKind.BatchNormalization => $"{d}.BatchNormalization({name}, momentum: {layer.Momentum.ToString("R", CultureInfo.InvariantCulture)}, epsilon: {layer.Epsilon.ToString("R", CultureInfo.InvariantCulture)}, {RuntimeNames.ActivationValue(layer.Activation)})",
                _ => throw new System.InvalidOperationException("Unknown layer kind " + layer.Kind),
            };
        }

        private static string Pads(EquatableArray<int> pads) =>
            $"padTop: {I(pads[0])}, padLeft: {I(pads[1])}, padBottom: {I(pads[2])}, padRight: {I(pads[3])}";

        // The fusion decisions of a convolution's plan as named arguments of LayerDefinition.Conv2D.
        private static string Fusion(LayerPlan plan)
        {
            var text = new StringBuilder();
            if (plan.Folded != null)
            {
                text.Append($", foldedKernel: {plan.Layer.KernelClassName}Folded");
            }

            void Index(string name, int value)
            {
                if (value != LayerPlan.None)
                {
                    text.Append($", {name}: {I(value)}");
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

        private static string Indices(EquatableArray<int> values) => string.Join(", ", values.Select(v => I(v)));

        private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
