using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>A source file of a case: its path in the compilation (which starts with the case's root) and its text.</summary>
internal sealed record RenderedFile(string Path, string Text);

/// <summary>
/// Writes a <see cref="CaseSpec"/> as C# source files, spelling names, attributes and argument values the many ways
/// C# allows (positional or named, literal, hexadecimal, expressions, casts, constants of a class, verbatim and raw
/// strings, qualified attribute names, aliases, <c>type:</c> targets …). The spelling is fixed by the spec's style
/// numbers, so a spec always renders the same text.
/// </summary>
internal sealed class SourceRenderer
{
    private readonly CaseSpec _case;
    private readonly bool _qualify;
    private readonly Dictionary<(int File, string Namespace), List<string>> _constants = new();
    private readonly Dictionary<int, SortedSet<string>> _aliases = new();

    private SourceRenderer(CaseSpec spec)
    {
        _case = spec;

        // A user type or namespace named like ConvGen's enums or namespace would capture the user's own spellings
        // ("Activation.Relu"): write ConvGen's names with global:: then (the user's code must stay valid C#).
        var shadowing = new HashSet<string>(spec.ScopeOrEmpty.Select(ScopeName), StringComparer.Ordinal);
        shadowing.UnionWith(spec.Classes.SelectMany(c => c.Namespace.Parts.Select(Identifiers.ValueOf)));
        shadowing.UnionWith(spec.Classes.Select(c => c.SymbolName));
        shadowing.UnionWith(spec.GlobalUsingsOrEmpty.Where(u => u.Contains('=')).Select(u => u.Split('=')[0].Trim()));
        shadowing.UnionWith(spec.GlobalUsingsOrEmpty.Where(u => u.StartsWith("static ConvGen", StringComparison.Ordinal)).Select(_ => "ConvGen"));
        _qualify = shadowing.Overlaps(new[] { "ConvGen", "Activation", "Padding" });
    }

    public static IReadOnlyList<RenderedFile> Render(CaseSpec spec) => new SourceRenderer(spec).RenderFiles();

    /// <summary>The whole case as one text (files separated by a comment naming each): what a reproducer prints.</summary>
    public static string RenderText(CaseSpec spec) =>
        string.Join("\n", Render(spec).Select(f => $"// ---- {f.Path}\n{f.Text}"));

    /// <summary>The name a scope declaration declares (its identifier after the type keyword, or the namespace's name).</summary>
    public static string ScopeName(ScopeDeclaration scope)
    {
        if (scope.Placement == ScopePlacement.NestedNamespace)
        {
            return Identifiers.ValueOf(scope.Source);
        }

        string[] words = scope.Source.Split(new[] { ' ', '<', '(', '{', ';' }, StringSplitOptions.RemoveEmptyEntries);
        int keyword = Array.FindIndex(words, w => w is "class" or "struct" or "enum" or "interface" or "delegate" or "record");
        int at = keyword + (words[keyword] == "delegate" ? 2 : 1);
        return Identifiers.ValueOf(words[at]);
    }

    private IReadOnlyList<RenderedFile> RenderFiles()
    {
        var files = new List<RenderedFile>();
        if (!_case.GlobalUsingsOrEmpty.IsEmpty)
        {
            files.Add(new RenderedFile($"{_case.Root}/GlobalUsings.cs", string.Join("\n", _case.GlobalUsingsOrEmpty.Select(u => $"global using {u};")) + "\n"));
        }

        var global = _case.ScopeOrEmpty.Where(s => s.Placement == ScopePlacement.Global).ToList();
        if (global.Count > 0)
        {
            files.Add(new RenderedFile($"{_case.Root}/GlobalTypes.cs", string.Join("\n", global.Select(s => s.Source)) + "\n"));
        }

        var nested = _case.ScopeOrEmpty.Where(s => s.Placement == ScopePlacement.NestedNamespace).ToList();
        if (nested.Count > 0)
        {
            string ns = _case.Main.Namespace.Written;
            files.Add(new RenderedFile($"{_case.Root}/Namespaces.cs", string.Join("\n", nested.Select(s =>
                $"namespace {(ns.Length == 0 ? string.Empty : ns + ".")}{s.Source} {{ internal static class FuzzPlaceholder {{ }} }}")) + "\n"));
        }

        int fileCount = _case.Classes.SelectMany(c => c.Parts).Select(p => p.File).DefaultIfEmpty(0).Max() + 1;
        for (int file = 0; file < fileCount; file++)
        {
            files.Add(new RenderedFile($"{_case.Root}/{file}.cs", RenderFile(file)));
        }

        return files;
    }

    private string RenderFile(int file)
    {
        // Bodies first: they collect the constants and aliases the file needs.
        var groups = new List<(NamespaceSpec Namespace, List<string> Declarations)>();
        void AddTo(NamespaceSpec ns, string declaration)
        {
            var group = groups.FirstOrDefault(g => g.Namespace.Written == ns.Written);
            if (group.Declarations is null)
            {
                group = (ns, new List<string>());
                groups.Add(group);
            }

            group.Declarations.Add(declaration);
        }

        if (file == 0)
        {
            foreach (ScopeDeclaration scope in _case.ScopeOrEmpty.Where(s => s.Placement == ScopePlacement.CaseNamespace))
            {
                AddTo(_case.Main.Namespace, scope.Source);
            }
        }

        foreach (ClassSpec cls in _case.Classes)
        {
            for (int p = 0; p < cls.Parts.Length; p++)
            {
                if (cls.Parts[p].File == file)
                {
                    AddTo(cls.Namespace, RenderPart(cls, p, file));
                }
            }
        }

        // Each file declares the constants its attributes use, in a class of its own (FuzzConstants0, FuzzConstants1 …).
        foreach (var group in groups)
        {
            if (_constants.TryGetValue((file, group.Namespace.Written), out List<string>? constants) && constants.Count > 0)
            {
                group.Declarations.Insert(0, $"internal static class FuzzConstants{file}\n{{\n" + string.Join("\n", constants.Select(c => "    " + c)) + "\n}");
            }
        }

        var text = new StringBuilder();
        text.Append("using ConvGen;\n");
        if (_aliases.TryGetValue(file, out SortedSet<string>? aliases))
        {
            foreach (string alias in aliases)
            {
                text.Append(alias).Append('\n');
            }
        }

        text.Append('\n');
        bool fileScoped = groups.Count == 1 && groups[0].Namespace.Style == NamespaceStyle.FileScoped && !groups[0].Namespace.IsGlobal
            && SupportsFileScopedNamespaces(_case.Language);
        foreach (var (ns, declarations) in groups)
        {
            string body = string.Join("\n\n", declarations);
            if (ns.IsGlobal)
            {
                text.Append(body).Append('\n');
            }
            else if (fileScoped)
            {
                text.Append($"namespace {ns.Written};\n\n{body}\n");
            }
            else if (ns.Style == NamespaceStyle.Nested && ns.Parts.Length > 1)
            {
                foreach (string part in ns.Parts)
                {
                    text.Append($"namespace {part}\n{{\n");
                }

                text.Append(body).Append('\n');
                text.Append(string.Concat(Enumerable.Repeat("}\n", ns.Parts.Length)));
            }
            else
            {
                text.Append($"namespace {ns.Written}\n{{\n{body}\n}}\n");
            }
        }

        return text.ToString();
    }

    private static bool SupportsFileScopedNamespaces(LanguageVersion version) => version.MapSpecifiedToEffectiveVersion() >= LanguageVersion.CSharp10;

    private string RenderPart(ClassSpec cls, int index, int file)
    {
        PartSpec part = cls.Parts[index];
        var text = new StringBuilder();
        foreach (string list in AttributeLists(part, cls.Namespace, file))
        {
            text.Append(list).Append('\n');
        }

        string modifiers = cls.Modifiers.Length > 0 ? cls.Modifiers + " " : string.Empty;
        string partial = part.Partial ? "partial " : string.Empty;
        string primary = index == 0 ? cls.PrimaryConstructor ?? string.Empty : string.Empty;
        string baseType = index == 0 && cls.BaseType != null ? " : " + cls.BaseType : string.Empty;
        text.Append($"{modifiers}{partial}{cls.TypeKeyword} {cls.Name}{cls.TypeParameters}{primary}{baseType}\n{{\n");
        if (part.Members.Length > 0)
        {
            text.Append("    ").Append(part.Members.Replace("\n", "\n    ")).Append('\n');
        }

        text.Append('}');
        return cls.Outer is null ? text.ToString() : $"public partial class {cls.Outer}\n{{\n{text}\n}}";
    }

    private IEnumerable<string> AttributeLists(PartSpec part, NamespaceSpec ns, int file)
    {
        var attributes = part.Attributes.Select(a => RenderAttribute(a, ns, file)).ToList();
        if (attributes.Count == 0)
        {
            yield break;
        }

        switch (part.Grouping)
        {
            case 0:
                foreach (string a in attributes)
                {
                    yield return $"[{a}]";
                }

                yield break;
            case 1:
                yield return $"[{string.Join(", ", attributes)}]";
                yield break;
            case 2:
                yield return $"[type: {string.Join(", ", attributes)}]";
                yield break;
            default:
                var random = new FuzzRandom((ulong)part.Grouping);
                var current = new List<string>();
                foreach (string a in attributes)
                {
                    current.Add(a);
                    if (random.Chance(0.4))
                    {
                        yield return $"[{(random.Chance(0.2) ? "type: " : string.Empty)}{string.Join(", ", current)}]";
                        current.Clear();
                    }
                }

                if (current.Count > 0)
                {
                    yield return $"[{string.Join(",\n ", current)}]";
                }

                yield break;
        }
    }

    private string RenderAttribute(AttributeSpec attribute, NamespaceSpec ns, int file)
    {
        int spelling = attribute.NameStyle & 7;
        if (spelling == 2 && _qualify)
        {
            spelling = 3;
        }

        string name = spelling switch
        {
            1 => attribute.Kind + "Attribute",
            2 => "ConvGen." + attribute.Kind,
            3 => "global::ConvGen." + attribute.Kind + "Attribute",
            4 => Alias(attribute.Kind, file),
            _ => _qualify ? "global::ConvGen." + attribute.Kind : attribute.Kind,
        };

        var ctor = attribute.Arguments.Where(a => a.Constructor).ToList();
        var properties = attribute.Arguments.Where(a => !a.Constructor).ToList();
        bool namedCtor = ctor.Count > 0 && (ctor[0].Style & 16) != 0;
        if (namedCtor && (ctor[0].Style & 32) != 0)
        {
            ctor.Reverse();
        }

        var args = ctor.Select(a => (namedCtor ? CamelCase(a.Name) + ": " : string.Empty) + Value(a, ns, file))
            .Concat(properties.Select(a => $"{a.Name} = {Value(a, ns, file)}"))
            .ToList();
        bool parentheses = args.Count > 0 || (attribute.NameStyle & 8) != 0;
        return parentheses ? $"{name}({string.Join(", ", args)})" : name;
    }

    private string Alias(string kind, int file)
    {
        string alias = "Fuzz" + kind + "Alias";
        if (!_aliases.TryGetValue(file, out SortedSet<string>? set))
        {
            _aliases[file] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add($"using {alias} = global::ConvGen.{kind}Attribute;");
        return alias;
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    private string Value(ArgumentSpec a, NamespaceSpec ns, int file)
    {
        if (a.RawSource != null)
        {
            return a.RawSource;
        }

        int style = a.Style & 15;
        if (a.Value is int[] array)
        {
            return ArrayValue(array, style);
        }

        if (style == 7 && a.Value != null)
        {
            return Constant(a, ns, file);
        }

        return a.Value switch
        {
            null => "null",
            bool b => BoolValue(b, style),
            int i when a.IsEnum => EnumValue(a.Type, i, a.Style),
            int i when a.Type == "double" => IntValue(i, style),
            int i => IntValue(i, style),
            double d => DoubleValue(d, style),
            string s => StringValue(s, style),
            _ => throw new InvalidOperationException("unexpected argument value " + a.Value),
        };
    }

    private string Constant(ArgumentSpec a, NamespaceSpec ns, int file)
    {
        if (!_constants.TryGetValue((file, ns.Written), out List<string>? list))
        {
            _constants[(file, ns.Written)] = list = new List<string>();
        }

        string type = a.IsEnum ? "global::ConvGen." + a.Type : a.Type;
        string name = "C" + list.Count.ToString(CultureInfo.InvariantCulture);
        string value = a.Value switch
        {
            bool b => b ? "true" : "false",
            int i when a.IsEnum => $"(global::ConvGen.{a.Type})({i.ToString(CultureInfo.InvariantCulture)})",
            int i => i.ToString(CultureInfo.InvariantCulture),
            double d => DoubleValue(d, 0),
            string s => StringValue(s, 0),
            _ => throw new InvalidOperationException("unexpected constant " + a.Value),
        };
        list.Add($"public const {type} {name} = {value};");
        return $"FuzzConstants{file}.{name}";
    }

    /// <summary>
    /// An <c>int[]</c> (explicit pads): <c>new[] { … }</c>, <c>new int[] { … }</c>, <c>new int[4] { … }</c>, elements
    /// spelled as the int styles do (never as characters: <c>new[] { '\u0001' }</c> would be a <c>char[]</c>).
    /// </summary>
    private static string ArrayValue(int[] values, int style)
    {
        string elements = string.Join(", ", values.Select((v, i) => IntValue(v, style >= 3 ? ((style + i) % 7 == 4 ? 3 : (style + i) % 7) : 0)));
        if (values.Length == 0)
        {
            return style % 2 == 0 ? "new int[0]" : "new int[] { }";
        }

        return (style % 3) switch
        {
            1 => $"new int[] {{ {elements} }}",
            2 => $"new int[{values.Length.ToString(CultureInfo.InvariantCulture)}] {{ {elements} }}",
            _ => $"new[] {{ {elements} }}",
        };
    }

    private static string BoolValue(bool b, int style) => (style % 3) switch
    {
        1 => b ? "!false" : "!true",
        2 => b ? "1 == 1" : "1 == 0",
        _ => b ? "true" : "false",
    };

    private static string IntValue(int i, int style)
    {
        string literal = i.ToString(CultureInfo.InvariantCulture);
        return (style % 7) switch
        {
            1 when i >= 0 => "0x" + i.ToString("X", CultureInfo.InvariantCulture),
            2 when i > int.MinValue => $"{(i - 1).ToString(CultureInfo.InvariantCulture)} + 1",
            3 => $"({literal})",
            4 when i is >= 0 and <= 0xFFFF => $"'\\u{i:X4}'",
            5 when i >= 10 => literal.Substring(0, 1) + "_" + literal.Substring(1),
            6 => i == int.MaxValue ? "int.MaxValue" : i == int.MinValue ? "int.MinValue" : $"(int){literal}L",
            _ => literal,
        };
    }

    private static string DoubleValue(double d, int style)
    {
        if (double.IsNaN(d))
        {
            return style % 2 == 0 ? "double.NaN" : "0.0 / 0.0";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string r = d.ToString("R", CultureInfo.InvariantCulture);
        double scaled = d * 1024;
        return (style % 6) switch
        {
            1 => r + "d",
            2 when (double)(float)d == d => r + "f",
            3 when scaled == Math.Floor(scaled) && Math.Abs(scaled) < 1e9 => $"{scaled.ToString("R", CultureInfo.InvariantCulture)} / 1024d",
            4 => $"(1.0 * {r})",
            5 when d == Math.Floor(d) && Math.Abs(d) < 1e9 => ((long)d).ToString(CultureInfo.InvariantCulture),
            _ => r.Contains('.') || r.Contains('E') ? r : r + ".0",
        };
    }

    private string EnumValue(string type, int value, int style)
    {
        string qualifier = _qualify ? "global::ConvGen." : (style & 64) != 0 ? "ConvGen." : string.Empty;
        string? member = Enum.GetName(AttributeLanguage.EnumType(type), value);
        string literal = value < 0 ? $"({value.ToString(CultureInfo.InvariantCulture)})" : value.ToString(CultureInfo.InvariantCulture);
        string cast = $"({qualifier}{type}){literal}";
        return (style % 4) switch
        {
            _ when member is null => cast,
            1 => cast,
            2 when value == 0 => "default",
            3 => $"{qualifier}{type}.{member} | 0",
            _ => $"{qualifier}{type}.{member}",
        };
    }

    private string StringValue(string s, int style)
    {
        switch (style % 5)
        {
            case 1:
                return Literal(s, escapeNonAscii: true);
            case 2 when !s.Any(char.IsSurrogate) && !s.Contains('\0'):
                return "@\"" + s.Replace("\"", "\"\"") + "\"";
            case 3 when s.Length >= 2 && !char.IsSurrogate(s[s.Length / 2]):
                return Literal(s.Substring(0, s.Length / 2), false) + " + " + Literal(s.Substring(s.Length / 2), false);
            case 4 when _case.Language.MapSpecifiedToEffectiveVersion() >= LanguageVersion.CSharp11 && s.Length > 0
                && !s.Contains("\"\"\"") && s[0] != '"' && s[^1] != '"' && !s.Any(c => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085' || char.IsSurrogate(c) || c == '\0'):
                return "\"\"\"" + s + "\"\"\"";
            default:
                return Literal(s, escapeNonAscii: false);
        }
    }

    /// <summary>A regular string literal: quotes, backslashes, control and line-breaking characters and lone surrogates escaped.</summary>
    public static string Literal(string s, bool escapeNonAscii)
    {
        var text = new StringBuilder("\"");
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\0': text.Append("\\0"); break;
                default:
                    bool pair = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' || (char.IsSurrogate(c) && !pair) || (escapeNonAscii && c > 127))
                    {
                        text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else if (pair)
                    {
                        text.Append(c).Append(s[++i]);
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
}
