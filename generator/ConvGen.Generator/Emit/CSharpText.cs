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

        /// <summary>
        /// A user's string in an XML doc comment: as is when C# would write it unescaped, otherwise as its escaped C#
        /// literal (a line break, a control character or a lone surrogate would end the comment or be invalid XML).
        /// </summary>
        public static string XmlLiteral(string value)
        {
            string literal = Literal(value);
            return literal.Length == value.Length + 2 && literal.IndexOf('\\') < 0 ? Xml(value) : "<c>" + Xml(literal) + "</c>";
        }

        /// <summary>Text for an XML doc comment.</summary>
        public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
