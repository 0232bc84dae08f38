using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Generator.Emit
{
    /// <summary>Text from a user's declaration as C# source: names as identifiers, strings as escaped literals.</summary>
    internal static class CSharpText
    {
        /// <summary>A string literal holding <paramref name="value"/> exactly (quotes, backslashes, line breaks escaped).</summary>
        public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary><paramref name="name"/> as an identifier: a keyword (<c>class</c>) gets its <c>@</c>.</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Text for an XML doc comment.</summary>
        public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
