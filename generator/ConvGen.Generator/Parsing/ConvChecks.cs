using System.Collections.Generic;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>Validates one convolution (of a network or standalone) and builds its <see cref="ConvModel"/>.</summary>
    internal static class ConvChecks
    {
        public const int MaxSpatial = 4096;
        public const int MaxChannels = 65536;
        public const long MaxTensor = 1L << 28;

        public static ConvModel? Build(string layer, TensorShape input, int filters, int kernel, int stride, int padding, int activation, bool useBias, Location? location, List<DiagnosticInfo> diagnostics, bool depthwise = false,
            int[]? pads = null, bool padsValid = true)
        {
            bool ok = DeclarationChecks.InRange(filters, 1, MaxChannels, $"Layer '{layer}': filters", location, diagnostics);
            if (depthwise && kernel != 3 && kernel != 5)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConv, location, layer, $"depthwise kernel size {kernel}", "3 or 5"));
                ok = false;
            }
            else if (kernel != 1 && kernel != 3 && kernel != 5 && kernel != 7)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConv, location, layer, $"kernel size {kernel}", "1, 3, 5 or 7"));
                ok = false;
            }

            if (stride != 1 && stride != 2)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConv, location, layer, $"stride {stride}", "1 or 2"));
                ok = false;
            }

            if (padding != 0 && padding != 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConv, location, layer, $"padding value {padding}", "Padding.Valid or Padding.Same"));
                ok = false;
            }

            if (activation != ActivationNames.None && activation != ActivationNames.Relu && activation != ActivationNames.Relu6)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidActivation, location, layer, ActivationName(activation), "Activation.None, Activation.Relu or Activation.Relu6"));
                ok = false;
            }

            if (ok && !padsValid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPads, location, layer, "(not int constants)", "must be int constants"));
                ok = false;
            }

            if (ok && pads != null && !PadChecks.Check(layer, pads, kernel, padding, location, diagnostics))
            {
                ok = false;
            }

            if (!ok)
            {
                return null;
            }

            // Pads that 'same' or 'valid' give are declared as those (one kernel for both spellings, Winograd allowed).
            EquatableArray<int> explicitPads = EquatableArray<int>.Empty;
            if (pads != null)
            {
                (int top, int bottom) = KerasPadding.Pads(input.Height, kernel, stride, same: true);
                (int left, int right) = KerasPadding.Pads(input.Width, kernel, stride, same: true);
                if (pads[0] == top && pads[1] == left && pads[2] == bottom && pads[3] == right)
                {
                    padding = 1;
                }
                else if (pads[0] != 0 || pads[1] != 0 || pads[2] != 0 || pads[3] != 0)
                {
                    explicitPads = new EquatableArray<int>(pads);
                }
            }

            var conv = new ConvModel(input.Height, input.Width, input.Channels, filters, kernel, stride, padding, activation, useBias, depthwise) { Pads = explicitPads };
            // C#'s division truncates towards zero: (2 - 3) / 2 + 1 is 1, though a 3x3 'valid' window does not fit in 2 rows
            // (explicit pads count their windows with the padding: ConvModel gives 0 when the kernel does not fit).
            bool fits = padding == 1 || conv.HasPads || (input.Height >= kernel && input.Width >= kernel);
            if (!fits || conv.OutputHeight < 1 || conv.OutputWidth < 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.EmptyOutput, location, layer, $"{kernel}x{kernel} {conv.PaddingText} stride {stride}",
                    $"{input.Height}x{input.Width}", fits ? $"{conv.OutputHeight}x{conv.OutputWidth}" : "0x0"));
                return null;
            }

            if (!DeclarationChecks.InRange((long)conv.OutputHeight * conv.OutputWidth * filters, 1, MaxTensor, $"Layer '{layer}': output floats per image", location, diagnostics) ||
                !DeclarationChecks.InRange(conv.WeightCount, 1, MaxTensor, $"Layer '{layer}': weights", location, diagnostics))
            {
                return null;
            }

            return conv;
        }

        /// <summary>
        /// Adds the Info diagnostic CG0100 when the forward kernel's tiles loop over chunks of input channels to stay
        /// inside the JIT budget, at either vector width.
        /// </summary>
        public static void ReportSegmentation(string layer, ConvModel conv, Location? location, List<DiagnosticInfo> diagnostics)
        {
            if (KernelPlan.ForwardSegmentation(conv) is (long fmas, int budget, string description))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Segmented, location, layer, conv.Describe(), fmas, budget, description));
            }
        }

        public static string ActivationName(int activation) => ActivationNames.Name(activation);
    }
}
