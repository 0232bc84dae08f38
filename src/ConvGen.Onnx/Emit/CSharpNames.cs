using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConvGen.Onnx.Emit;

/// <summary>C# spelling rules for what the importer writes: identifiers, string literals, and the kernel class names the generator derives from layer names.</summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Whether <paramref name="name"/> is a plain C# identifier (letters, digits, '_', not starting with a digit, not a keyword).</summary>
    public static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 200 && !Keywords.Contains(name) && !char.IsDigit(name[0]) && name.All(c => c == '_' || char.IsLetterOrDigit(c))
        && (char.IsLetter(name[0]) || name[0] == '_');

    /// <summary>Whether <paramref name="name"/> is a namespace: identifiers separated by '.'.</summary>
    public static bool IsNamespace(string name) => name.Length > 0 && name.Split('.').All(IsIdentifier);

    /// <summary>A C# type name from a file name: <c>plain_cnn_op13</c> → <c>PlainCnnOp13</c> (same rule as layer class names).</summary>
    public static string TypeNameFrom(string text) => LayerClassName(text);

    /// <summary>
    /// The generator's class name for a layer (<c>conv2d_1</c> → <c>Conv2d1</c>): letters and digits kept, anything
    /// else splits words, each word capitalised, a leading digit prefixed with "Layer". It mirrors
    /// <c>LayerNames.ClassName</c> in the generator, so imported names never collide there.
    /// </summary>
    public static string LayerClassName(string name)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char ch in name)
        {
            if (char.IsLetterOrDigit(ch))
            {
                text.Append(upper ? char.ToUpperInvariant(ch) : ch);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (text.Length == 0 || char.IsDigit(text[0]))
        {
            text.Insert(0, "Layer");
        }

        return text.ToString();
    }

    /// <summary>A C# string literal for <paramref name="value"/>, every quote, backslash and control character escaped.</summary>
    public static string StringLiteral(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>Text safe inside a <c>//</c> comment or an XML doc comment: one line, no markup.</summary>
    public static string CommentText(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' => " ",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
