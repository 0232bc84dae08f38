using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Model
{
    /// <summary>A diagnostic to report, held as values: descriptor id, location and message arguments.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
            new DiagnosticInfo(
                descriptor,
                LocationInfo.From(location),
                new EquatableArray<string>(arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)));

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
