using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Tests.Generator.Fuzz.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ConvGen.Tests.Generator.Fuzz.AttributeLanguage;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>
/// Makes a failing case minimal: drops classes, scope declarations, global usings, parts, members, layers and whole
/// blocks, arguments and fancy spellings, and simplifies names, namespaces and the language version, keeping each
/// step only while the reference rules still judge the case the same way and the same failure (kind and code) still
/// happens. What is left is a regression test as it stands.
/// </summary>
internal static class Shrinker
{
    public static CaseOutcome Shrink(CaseOutcome outcome, Failure failure, int budget = 120)
    {
        CaseOutcome current = outcome;
        bool progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            foreach (CaseSpec candidate in Candidates(current.Spec))
            {
                if (--budget < 0)
                {
                    break;
                }

                if (ReferenceRules.Judge(candidate).Expectation != outcome.Verdict.Expectation)
                {
                    budget++;
                    continue;
                }

                CaseOutcome attempt;
                try
                {
                    attempt = FuzzRun.Evaluate(candidate);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (attempt.Failures.Any(f => f.Kind == failure.Kind && f.Code == failure.Code))
                {
                    current = attempt;
                    progress = true;
                    break;
                }
            }
        }

        return current;
    }

    private static IEnumerable<CaseSpec> Candidates(CaseSpec spec)
    {
        for (int i = spec.Classes.Length - 1; i >= 1; i--)
        {
            yield return spec with { Classes = spec.Classes.RemoveAt(i) };
        }

        if (!spec.ScopeOrEmpty.IsEmpty)
        {
            yield return spec with { Scope = ImmutableArray<ScopeDeclaration>.Empty };
            for (int i = 0; i < spec.ScopeOrEmpty.Length && spec.ScopeOrEmpty.Length > 1; i++)
            {
                yield return spec with { Scope = spec.ScopeOrEmpty.RemoveAt(i) };
            }
        }

        if (!spec.GlobalUsingsOrEmpty.IsEmpty)
        {
            yield return spec with { GlobalUsings = ImmutableArray<string>.Empty };
            for (int i = 0; i < spec.GlobalUsingsOrEmpty.Length && spec.GlobalUsingsOrEmpty.Length > 1; i++)
            {
                yield return spec with { GlobalUsings = spec.GlobalUsingsOrEmpty.RemoveAt(i) };
            }
        }

        if (spec.Language != LanguageVersion.Latest)
        {
            yield return spec with { Language = LanguageVersion.Latest };
        }

        if (spec.Nullable != NullableContextOptions.Enable)
        {
            yield return spec with { Nullable = NullableContextOptions.Enable };
        }

        for (int c = 0; c < spec.Classes.Length; c++)
        {
            foreach (ClassSpec smaller in Candidates(spec.Classes[c], spec.Root))
            {
                yield return spec.WithClass(c, smaller);
            }
        }
    }

    private static IEnumerable<ClassSpec> Candidates(ClassSpec c, string root)
    {
        for (int p = c.Parts.Length - 1; p >= 1; p--)
        {
            if (c.Parts[p].Attributes.IsEmpty)
            {
                yield return c with { Parts = c.Parts.RemoveAt(p) };
            }
        }

        for (int p = 0; p < c.Parts.Length; p++)
        {
            if (c.Parts[p].Members.Length > 0)
            {
                yield return c.WithPart(p, c.Parts[p] with { Members = string.Empty });
            }

            if (c.Parts[p].File != 0 && c.Parts.Length > 1)
            {
                yield return c.WithPart(p, c.Parts[p] with { File = 0 });
            }
        }

        if (!c.Namespace.IsGlobal && (c.Namespace.Parts.Length > 1 || c.Namespace.Style != NamespaceStyle.Block) && c.Namespace.Parts[0] == root)
        {
            yield return c with { Namespace = new NamespaceSpec(ImmutableArray.Create(root), NamespaceStyle.Block) };
        }

        if (c.Name != "Net")
        {
            yield return c with { Name = "Net" };
        }

        if (c.Modifiers != "public" && !c.IsStatic)
        {
            yield return c with { Modifiers = "public" };
        }

        for (int p = 0; p < c.Parts.Length; p++)
        {
            ImmutableArray<AttributeSpec> attributes = c.Parts[p].Attributes;

            // Whole blocks first ([Branch] … merge), then single layers, then each layer's arguments.
            foreach (var (start, end) in Blocks(attributes))
            {
                yield return c.WithPart(p, c.Parts[p] with { Attributes = attributes.RemoveRange(start, end - start + 1) });
            }

            for (int i = attributes.Length - 1; i >= 0; i--)
            {
                if (attributes[i].Kind is not (ConvNet or Input or Conv2DKernel or DepthwiseConv2DKernel))
                {
                    yield return c.WithPart(p, c.Parts[p] with { Attributes = attributes.RemoveAt(i) });
                }
            }

            if (c.Parts[p].Grouping != 0)
            {
                yield return c.WithPart(p, c.Parts[p] with { Grouping = 0 });
            }

            for (int i = 0; i < attributes.Length; i++)
            {
                foreach (AttributeSpec simpler in Candidates(attributes[i]))
                {
                    yield return c.WithPart(p, c.Parts[p] with { Attributes = attributes.SetItem(i, simpler) });
                }
            }
        }
    }

    private static IEnumerable<AttributeSpec> Candidates(AttributeSpec a)
    {
        if (a.NameStyle != 0)
        {
            yield return a with { NameStyle = 0 };
        }

        for (int i = 0; i < a.Arguments.Length; i++)
        {
            ArgumentSpec arg = a.Arguments[i];
            if (!arg.Constructor || Parameter(a.Kind, arg.Name)?.Optional == true)
            {
                if (i == a.Arguments.Length - 1 || !arg.Constructor)
                {
                    yield return a with { Arguments = a.Arguments.RemoveAt(i) };
                }
            }

            if (arg.Style != 0 && arg.RawSource is null)
            {
                yield return a with { Arguments = a.Arguments.SetItem(i, arg with { Style = 0 }) };
            }

            if (arg.Int is int v && v > 2 && v < 100_000 && arg.Name is "Height" or "Width" or "Channels" or "Filters" or "Units")
            {
                yield return a with { Arguments = a.Arguments.SetItem(i, arg with { Value = Math.Max(1, v / 2) }) };
                yield return a with { Arguments = a.Arguments.SetItem(i, arg with { Value = 1 }) };
            }
        }
    }

    /// <summary>Each block's first [Branch] and its merge, as index ranges.</summary>
    private static IEnumerable<(int Start, int End)> Blocks(ImmutableArray<AttributeSpec> attributes)
    {
        int start = -1;
        for (int i = 0; i < attributes.Length; i++)
        {
            if (attributes[i].Kind == Branch && start < 0)
            {
                start = i;
            }
            else if (attributes[i].Kind is Concatenate or Add && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }
    }
}
