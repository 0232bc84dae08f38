using System.Globalization;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes a standalone <c>[Conv2DKernel]</c> or <c>[DepthwiseConv2DKernel]</c> class's generated part: its shape as
    /// constants, and <c>Kernel</c>, <c>PackWeights</c> and <c>Forward</c> over the shared kernel struct (which has every
    /// training pass too: <c>Kernel</c> is also an <c>IConv2DWeightGradientKernel</c> and an
    /// <c>IConv2DInputGradientKernel</c>). Every name is <c>global::</c>-qualified: the file is in the user's namespace.
    /// </summary>
    internal static class KernelClassEmitter
    {
        /// <summary>The kernel a standalone class declares: every pass.</summary>
        public static KernelSpec Spec(KernelClassModel model) => KernelSpec.Create(model.Conv, weightGradient: true, inputGradient: true);

        public static string Emit(KernelClassModel model)
        {
            ConvModel conv = model.Conv;
            KernelPlan plan = KernelPlan.Create(Spec(model));
            string kernel = RuntimeNames.Kernel(KernelNames.Of(plan.Conv));
            var w = new SourceWriter();
            FileHeader.WriteClassFile(w);
            if (model.Namespace != null)
            {
                w.Open($"namespace {model.Namespace}");
            }

            w.Line($"/// <summary>Kernel {CSharpText.Xml(model.ClassName)}: {CSharpText.Xml(conv.Describe())}.</summary>");
            w.Open($"{(model.IsStatic ? "static " : string.Empty)}partial class {CSharpText.Identifier(model.ClassName)}");
            Constant(w, "InputHeight", conv.Height);
            Constant(w, "InputWidth", conv.Width);
            Constant(w, "InputChannels", conv.Channels);
            Constant(w, "OutputHeight", conv.OutputHeight);
            Constant(w, "OutputWidth", conv.OutputWidth);
            Constant(w, "Filters", conv.Filters);
            Constant(w, "KernelSize", conv.KernelSize);
            Constant(w, "Stride", conv.Stride);
            w.Line("/// <summary>Floats in one NHWC input image.</summary>");
            Constant(w, "InputImageLength", (long)conv.Height * conv.Width * conv.Channels);
            w.Line("/// <summary>Floats in one NHWC output image.</summary>");
            Constant(w, "OutputImageLength", (long)conv.OutputHeight * conv.OutputWidth * conv.Filters);
            w.Line(conv.Depthwise ? "/// <summary>Floats in the weights, <c>[ky][kx][c]</c> (Keras's depthwise kernel).</summary>" : "/// <summary>Floats in the HWIO weights (Keras's kernel layout).</summary>");
            Constant(w, "WeightLength", conv.WeightCount);
            w.Line("/// <summary>Floats in the packed weights (<see cref=\"PackWeights\"/>).</summary>");
            Constant(w, "PackedWeightLength", plan.ForwardWeights.Length);
            w.Line();
            w.Line("/// <summary>The convolution this kernel computes.</summary>");
            w.Line($"public static {RuntimeNames.Conv2DShape} Shape => {kernel}.Shape;");
            w.Line();
            w.Line("/// <summary>The kernel: its forward pass, and its training passes through IConv2DWeightGradientKernel and IConv2DInputGradientKernel.</summary>");
            w.Line($"public static {RuntimeNames.IConv2DKernel} Kernel => {kernel}.Kernel;");
            w.Line();
            w.Line("/// <summary>Packs HWIO weights into the order the kernel reads them (every layout).</summary>");
            w.Line($"public static void PackWeights({RuntimeNames.ReadOnlySpan}<float> weightsHwio, {RuntimeNames.Span}<float> packed) => Kernel.PackWeights(weightsHwio, packed);");
            w.Line();
            w.Line($"/// <summary>{CSharpText.Xml(conv.Describe())}: <paramref name=\"batch\"/> NHWC images in, NHWC images out.</summary>");
            w.Line($"public static void Forward({RuntimeNames.ReadOnlySpan}<float> input, {RuntimeNames.ReadOnlySpan}<float> packedWeights, {RuntimeNames.ReadOnlySpan}<float> bias, {RuntimeNames.Span}<float> output, int batch) =>");
            w.Line("    Kernel.Forward(input, packedWeights, bias, output, batch);");
            w.Close();
            if (model.Namespace != null)
            {
                w.Close();
            }

            return w.ToString();
        }

        private static void Constant(SourceWriter w, string name, long value) =>
            w.Line($"public const int {name} = {value.ToString(CultureInfo.InvariantCulture)};");
    }
}
