using System.Collections.Immutable;

namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>
/// One declaration of a class (a class has several when partial): its attributes in order, how they are grouped
/// into attribute lists (<see cref="Grouping"/>: 0 one list each, 1 one list for all, otherwise a seed for random
/// groups), whether it says <c>partial</c>, its members' source, and the file it is in.
/// </summary>
internal sealed record PartSpec(ImmutableArray<AttributeSpec> Attributes, bool Partial = true, int Grouping = 0, string Members = "", int File = 0);
