using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing
{
    /// <summary>Checks shared by networks and standalone kernels: where the class is and how it is declared.</summary>
    internal static class DeclarationChecks
    {
        /// <summary>Reports CG0001/CG0002 and returns false when the class cannot receive generated members.</summary>
        public static bool CheckClass(INamedTypeSymbol type, ClassDeclarationSyntax syntax, string attribute, List<DiagnosticInfo> diagnostics)
        {
            Location location = syntax.Identifier.GetLocation();
            bool ok = true;
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ClassDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, declaration.Identifier.GetLocation(), type.Name, attribute));
                    ok = false;
                    break;
                }
            }

            if (type.ContainingType != null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedOrGeneric, location, type.Name, $"nested in '{type.ContainingType.Name}'"));
                ok = false;
            }
            else if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedOrGeneric, location, type.Name, $"generic (<{string.Join(", ", type.TypeParameters.Select(p => p.Name))}>)"));
                ok = false;
            }

            return ok;
        }

        public static string? Namespace(INamedTypeSymbol type) =>
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null;

        public static string Accessibility(INamedTypeSymbol type) =>
            type.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public ? "public" : "internal";

        /// <summary>Checks a size is in [min, max]; reports CG0004 naming the value otherwise.</summary>
        public static bool InRange(long value, long min, long max, string what, Location? location, List<DiagnosticInfo> diagnostics)
        {
            if (value >= min && value <= max)
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeOutOfRange, location, what, value, $"{min}..{max}"));
            return false;
        }
    }
}
