using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>Writes a standalone <c>[Conv2DKernel]</c> class's generated part.</summary>
    internal static class KernelClassEmitter
    {
        public static string Emit(KernelClassModel model)
        {
            var w = new SourceWriter();
            FileHeader.Write(w);
            if (model.Namespace != null)
            {
                w.Open($"namespace {model.Namespace}");
            }

            string description = $"{model.ClassName}: {model.Conv.Describe()}";
            w.Line($"/// <summary>Kernel {description.Replace(">", "&gt;")}.</summary>");
            w.Open($"{(model.IsStatic ? "static " : string.Empty)}partial class {model.ClassName}");
            ConvKernelEmitter.EmitMembers(w, KernelPlan.Create(KernelSpec.Create(model.Conv, weightGradient: true, inputGradient: true)), model.ClassName, description);
            w.Close();
            if (model.Namespace != null)
            {
                w.Close();
            }

            return w.ToString();
        }
    }
}
