namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>Where a declaration that is not a network (a user type in scope) goes.</summary>
internal enum ScopePlacement
{
    /// <summary>In the namespace of the case's first class, beside it.</summary>
    CaseNamespace,

    /// <summary>In the global namespace: visible from every namespace (the case runs in a compilation of its own).</summary>
    Global,

    /// <summary>A namespace of that name inside the case's namespace (<c>Case3_.Unsafe</c>): <see cref="ScopeDeclaration.Source"/> is its name.</summary>
    NestedNamespace,
}

/// <summary>A user declaration around the networks, e.g. <c>public class Activation { }</c>, that generated code must not trip over.</summary>
internal sealed record ScopeDeclaration(string Source, ScopePlacement Placement);
