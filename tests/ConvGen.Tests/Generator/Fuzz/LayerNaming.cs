using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Keras's default layer names (<c>conv2d</c>, <c>conv2d_1</c> …) and the identifiers the README derives from them for
/// kernel classes; tags the character classes of explicit names and judges collisions of the identifiers (an open
/// choice: renamed or a specific diagnostic).
/// </summary>
internal sealed class LayerNaming
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly string _className;
    private readonly HashSet<string> _members;
    private readonly Verdict _verdict;

    public LayerNaming(string className, HashSet<string> members, Verdict verdict)
    {
        _className = className;
        _members = members;
        _verdict = verdict;
    }

    /// <summary><c>conv2d_1</c> → <c>Conv2d1</c>: letters and digits kept, a word starts after anything else; a leading digit gets <c>Layer</c> (the README's kernel class names).</summary>
    public static string Identifier(string name)
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

    /// <summary>The next layer's name (explicit, or Keras's default); null after reporting an exact duplicate (CG0009).</summary>
    public string? Take(AttributeSpec a, string prefix)
    {
        string? explicitName = a.String("Name");
        string name;
        if (!string.IsNullOrEmpty(explicitName))
        {
            name = explicitName;
            TagName(name, _verdict);
        }
        else
        {
            _counts.TryGetValue(prefix, out int count);
            _counts[prefix] = count + 1;
            name = count == 0 ? prefix : prefix + "_" + count.ToString(CultureInfo.InvariantCulture);
        }

        if (!_taken.Add(name))
        {
            _verdict.Invalid("CG0009", "fault:duplicate-layer-name", $"layer name '{name}' used twice");
            return null;
        }

        return name;
    }

    /// <summary>Identifiers made from names: collisions and reserved names are an open choice.</summary>
    public void CheckIdentifiers(List<string> names)
    {
        var identifiers = names.Select(Identifier).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            string id = identifiers[i];
            if (identifiers.Count(x => x == id) > 1)
            {
                _verdict.Either("name:identifier-collision", $"layer names '{names[i]}' and another give the same identifier '{id}'");
            }

            if (identifiers.Any(x => x + "Folded" == id))
            {
                _verdict.Either("name:identifier-collision-folded", $"layer name '{names[i]}' gives '{id}', another layer's folded kernel class");
            }

            if (_members.Contains(id))
            {
                _verdict.Either("members:collide", $"layer name '{names[i]}' gives '{id}', the name of a user member");
            }

            if (ReservedNames.Instance.IsReservedForNetwork(id) || id == _className || id is "ConvGen" or "System")
            {
                _verdict.Either("name:reserved", $"layer name '{names[i]}' gives '{id}', a generated member's, the class's or a looked-up name");
            }

            if (!names[i].Any(char.IsLetterOrDigit))
            {
                _verdict.Either("name:no-identifier", $"layer name '{names[i]}' has no letter or digit");
            }

            if (names[i].Length > 400)
            {
                _verdict.Either("name:long", "a layer name longer than 400 characters");
            }
        }
    }

    private static void TagName(string name, Verdict v)
    {
        v.Tag("name:explicit");
        (Func<char, bool> Test, string Tag)[] classes =
        {
            (ch => ch == '"', "name:quote"), (ch => ch == '\\', "name:backslash"), (ch => ch == '\n', "name:newline"),
            (ch => ch == '\r', "name:carriage-return"), (ch => ch == '\t', "name:tab"), (ch => ch == '\0', "name:nul"),
            (ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t' or '\0'), "name:control"),
            (ch => ch is '\u2028' or '\u2029' or '\u0085', "name:line-separator"), (ch => ch is '<' or '>' or '&', "name:xml"),
            (ch => ch is '{' or '}', "name:brace"), (ch => ch == '\'', "name:apostrophe"), (ch => ch == '@', "name:at"),
            (ch => ch is '$' or '%' or '#' or '*' or '/' or '?' or '!', "name:symbol"), (ch => ch == ' ', "name:space"),
            (ch => char.IsLetter(ch) && ch > 127, "name:unicode-letter"), (ch => char.IsSurrogate(ch), "name:surrogate"),
            (ch => ch > 127 && !char.IsLetter(ch) && !char.IsSurrogate(ch), "name:unicode-other"),
        };
        foreach (var (test, tag) in classes)
        {
            if (name.Any(test))
            {
                v.Tag(tag);
            }
        }

        if (name.Length > 0 && char.IsDigit(name[0]))
        {
            v.Tag("name:leading-digit");
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || Identifiers.Contextual.Contains(name))
        {
            v.Tag("name:keyword");
        }

        for (int i = 0; i < name.Length; i++)
        {
            bool lone = char.IsHighSurrogate(name[i]) ? i + 1 == name.Length || !char.IsLowSurrogate(name[i + 1])
                : char.IsLowSurrogate(name[i]) && (i == 0 || !char.IsHighSurrogate(name[i - 1]));
            if (lone)
            {
                v.Tag("name:lone-surrogate");
            }
        }
    }
}
