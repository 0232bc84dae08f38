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
        /// <summary>The oldest C# the generated code compiles with (static abstract interface members: C# 11).</summary>
        public const LanguageVersion MinimumLanguageVersion = (LanguageVersion)1100;

        // Names that a type of the same name in the global namespace takes from generated code.
        private static readonly (string Name, string What)[] HiddenByGlobalTypes =
        {
            ("System", "the namespace System (global::System binds to the type)"),
            ("ConvGen", "the namespace ConvGen (global::ConvGen binds to the type)"),
            ("nint", "the native integer type nint"),
            ("nuint", "the native integer type nuint"),
        };

        /// <summary>
        /// True when this attribute application is the first of its kind on the class. An attribute written on two
        /// partial declarations (C# reports CS0579) triggers the pipeline once per declaration; only the first one
        /// parses, so the class is generated once.
        /// </summary>
        public static bool IsFirstApplication(GeneratorAttributeSyntaxContext context)
        {
            SyntaxReference? mine = context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference;
            string? name = context.Attributes.FirstOrDefault()?.AttributeClass?.ToDisplayString();
            SyntaxReference? first = ((INamedTypeSymbol)context.TargetSymbol).GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == name)?.ApplicationSyntaxReference;
            return mine is null || first is null || (mine.SyntaxTree == first.SyntaxTree && mine.Span == first.Span);
        }

        /// <summary>Reports CG0001/CG0002/CG0020/CG0021 and returns false when the class cannot receive generated members.</summary>
        public static bool CheckClass(INamedTypeSymbol type, TypeDeclarationSyntax syntax, string attribute, List<DiagnosticInfo> diagnostics)
        {
            Location location = syntax.Identifier.GetLocation();
            if (syntax is RecordDeclarationSyntax record)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, location, type.Name, record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record", attribute));
                return false;
            }

            if (!(syntax is ClassDeclarationSyntax) || type.TypeKind != TypeKind.Class)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, location, type.Name, type.TypeKind.ToString().ToLowerInvariant(), attribute));
                return false;
            }

            foreach (var (hidden, what) in HiddenByGlobalTypes)
            {
                if (type.ContainingAssembly.GlobalNamespace.GetTypeMembers(hidden).Length > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NamespaceHidden, location, hidden, what));
                    return false;
                }
            }

            if (syntax.SyntaxTree.Options is CSharpParseOptions options && options.LanguageVersion < MinimumLanguageVersion)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, type.Name, options.LanguageVersion.ToDisplayString()));
                return false;
            }

            bool ok = true;
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
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
