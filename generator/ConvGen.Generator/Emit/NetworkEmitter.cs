using System.Globalization;
using System.Linq;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit
{
    /// <summary>Writes a <c>[ConvNet]</c> class's generated part: shape constants, the layer table and a kernel class per convolution.</summary>
    internal static class NetworkEmitter
    {
        public static string Emit(NetworkModel model)
        {
            var w = new SourceWriter();
            FileHeader.Write(w);
            if (model.Namespace != null)
            {
                w.Open($"namespace {model.Namespace}");
            }

            long parameters = model.Layers.Sum(l => l.ParameterCount);
            w.Line($"/// <summary>{model.ClassName}: {model.Input.Height}x{model.Input.Width}x{model.Input.Channels} input, {model.Layers.Count} layers, {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters.</summary>");
            w.Open($"{(model.IsStatic ? "static " : string.Empty)}partial class {model.ClassName}");
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
                w.Line($"new LayerSummary(\"{layer.Name}\", \"{layer.Kind}\", new[] {{ {shape} }}, {layer.ParameterCount}),");
            }

            w.Close(";");
            LayerModel? firstConv = model.Layers.FirstOrDefault(l => l.Conv != null);
            foreach (LayerModel layer in model.Layers.Where(l => l.Conv != null))
            {
                string description = $"{layer.Name}: {layer.Conv!.Describe()}";
                w.Line();
                w.Line($"/// <summary>Layer {description.Replace(">", "&gt;")}.</summary>");
                w.Open($"public static class {layer.KernelClassName}");
                ConvKernelEmitter.EmitMembers(w, layer.Conv, layer.KernelClassName, description, backwardData: layer != firstConv);
                w.Close();
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
