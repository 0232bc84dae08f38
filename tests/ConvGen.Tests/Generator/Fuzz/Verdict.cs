using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvGen.Tests.Generator.Fuzz;

/// <summary>What the generator must do with a case.</summary>
internal enum Expectation
{
    /// <summary>No ConvGen error or warning; the classes get their generated parts; everything compiles without a warning.</summary>
    Valid,

    /// <summary>At least one ConvGen diagnostic of <see cref="Verdict.ExpectedIds"/> (any specific one when <see cref="Verdict.AnySpecific"/>).</summary>
    Invalid,

    /// <summary>Either valid (works, compiles clean) or a specific ConvGen error: where the documentation leaves the choice open.</summary>
    Either,
}

/// <summary>
/// The reference rules' judgement of a case: the expectation, the diagnostics that would be right, why, and tags
/// naming the case's features (<c>name:quote</c>, <c>fault:CG0006</c>, <c>structure:residual-epilogue</c> …) that
/// known failures and reports match on.
/// </summary>
internal sealed class Verdict
{
    private readonly List<string> _reasons = new();

    public Expectation Expectation { get; private set; } = Expectation.Valid;

    public SortedSet<string> ExpectedIds { get; } = new(StringComparer.Ordinal);

    /// <summary>True when some reason accepts any specific ConvGen error (an open choice, or a fault without an id of its own).</summary>
    public bool AnySpecific { get; private set; }

    public SortedSet<string> Tags { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>The output shape of the last class judged, when its layers could be followed to the end.</summary>
    public (long H, long W, long C, bool Flat)? Output { get; set; }

    /// <summary>A fault: the case is invalid and <paramref name="id"/> (or "*" for any specific id) reports it.</summary>
    public void Invalid(string id, string tag, string reason)
    {
        Expectation = Expectation.Invalid;
        if (id == "*")
        {
            AnySpecific = true;
        }
        else
        {
            ExpectedIds.Add(id);
        }

        Tags.Add(tag);
        _reasons.Add($"invalid ({id}): {reason}");
    }

    /// <summary>An open choice: works or gets a specific diagnostic.</summary>
    public void Either(string tag, string reason)
    {
        if (Expectation == Expectation.Valid)
        {
            Expectation = Expectation.Either;
        }

        AnySpecific = true;
        Tags.Add(tag);
        _reasons.Add($"either: {reason}");
    }

    public void Tag(string tag) => Tags.Add(tag);

    public bool HasTag(string prefix) => Tags.Any(t => t.StartsWith(prefix, StringComparison.Ordinal));

    public override string ToString() =>
        Expectation switch
        {
            Expectation.Valid => "valid",
            Expectation.Invalid => $"invalid, expects {(ExpectedIds.Count > 0 ? string.Join("/", ExpectedIds) : string.Empty)}{(AnySpecific ? (ExpectedIds.Count > 0 ? " or " : string.Empty) + "any specific CG id" : string.Empty)}",
            _ => "valid or a specific CG error",
        } + (_reasons.Count > 0 ? " (" + string.Join("; ", _reasons) + ")" : string.Empty);
}
