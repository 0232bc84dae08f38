using System;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Writes what lets a training loop pack only the weight layouts its kernels read: a property naming the layout a
    /// pass reads on the calling thread (the same choice as the pass's dispatch) and a packing method that packs the
    /// layouts it is given, each behind its flag.
    /// </summary>
    internal static class LayoutMembers
    {
        /// <summary>The <c>PackedLayouts</c> flag of one width's direct or Winograd layout.</summary>
        public static string Flag(VectorIsa isa, bool winograd) => $"PackedLayouts.{isa.Vector}{(winograd ? "Winograd" : "Direct")}";

        /// <summary>
        /// Writes <c>public static PackedLayouts {name}</c>: the layout the pass reads now. A Winograd pass reads its
        /// width's transformed weights unless <c>KernelDispatch.WinogradEnabled</c> is false; <paramref name="alsoDirect"/>
        /// adds the width's direct layout (read by a fused residual epilogue).
        /// </summary>
        public static void EmitLayoutsProperty(SourceWriter w, string name, string pass, bool winograd, bool alsoDirect = false)
        {
            w.Line($"/// <summary>The layout of the packed weights {pass} reads when called on this thread now.</summary>");
            w.Open($"public static PackedLayouts {name}");
            w.Open("get");
            ConvKernelEmitter.EmitDispatch(
                w,
                isa =>
                {
                    string direct = Flag(isa, winograd: false);
                    if (!winograd)
                    {
                        w.Line($"return {direct};");
                    }
                    else if (alsoDirect)
                    {
                        w.Line($"return (KernelDispatch.WinogradEnabled ? {Flag(isa, winograd: true)} : PackedLayouts.None) | {direct};");
                    }
                    else
                    {
                        w.Line($"return KernelDispatch.WinogradEnabled ? {Flag(isa, winograd: true)} : {direct};");
                    }
                },
                $"return {Flag(VectorIsa.Avx2, winograd: false)};");
            w.Close();
            w.Close();
        }

        /// <summary>Writes <c>if ((layouts &amp; flag) != 0) { line }</c>.</summary>
        public static void EmitIfPacked(SourceWriter w, VectorIsa isa, bool winograd, string line)
        {
            w.Open($"if ((layouts & {Flag(isa, winograd)}) != 0)");
            w.Line(line);
            w.Close();
        }

        /// <summary>
        /// Writes the two packing methods of a pass: <c>{method}(weightsHwio, packed)</c>, every layout, and
        /// <c>{method}(weightsHwio, packed, layouts)</c>, whose body <paramref name="body"/> writes.
        /// </summary>
        public static void EmitPackingMethods(SourceWriter w, string method, string summary, string lengthConstant, Action body)
        {
            w.Line($"/// <summary>{summary}: every layout.</summary>");
            w.Line($"public static void {method}(ReadOnlySpan<float> weightsHwio, Span<float> packed) => {method}(weightsHwio, packed, PackedLayouts.All);");
            w.Line();
            w.Line($"/// <summary>{summary}: only the given <paramref name=\"layouts\"/>; the rest of <paramref name=\"packed\"/> keeps what it held.</summary>");
            w.Open($"public static void {method}(ReadOnlySpan<float> weightsHwio, Span<float> packed, PackedLayouts layouts)");
            w.Line($"KernelArguments.CheckPacking(packed.Length, {lengthConstant});");
            body();
            w.Close();
        }
    }
}
