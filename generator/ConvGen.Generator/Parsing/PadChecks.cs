using System.Collections.Generic;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>Explicit pads (<c>Pads = new[] { top, left, bottom, right }</c>) of convolutions and pooling: checks and Keras's equivalents.</summary>
    internal static class PadChecks
    {
        // Explicit pads: four values, each in [0, window), and Padding left 'valid'.
        public static bool Check(string layer, int[] pads, int window, int padding, Location? location, List<DiagnosticInfo> diagnostics)
        {
            string given = "{ " + string.Join(", ", pads) + " }";
            if (pads.Length != 4)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPads, location, layer, given, $"hold {pads.Length} value(s); expected 4 (top, left, bottom, right)"));
                return false;
            }

            foreach (int pad in pads)
            {
                if (pad < 0 || pad >= window)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPads, location, layer, given, $"hold {pad}; each pad must be at least 0 and less than the window size {window}"));
                    return false;
                }
            }

            if (padding != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPads, location, layer, given, "are given with Padding.Same; give one or the other"));
                return false;
            }

            return true;
        }
    }
}
