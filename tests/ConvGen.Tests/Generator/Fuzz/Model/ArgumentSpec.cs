namespace ConvGen.Tests.Generator.Fuzz.Model;

/// <summary>
/// One argument of an attribute: the constructor parameter or property it sets, its value and how the source spells
/// it. <see cref="Type"/> is <c>int</c>, <c>int[]</c> (explicit <c>Pads</c>), <c>double</c>, <c>bool</c>, <c>string</c> or an enum's name
/// (<c>Activation</c>, <c>Padding</c>; the value is then the enum's underlying int). <see cref="RawSource"/>, when set,
/// is written as is instead of the value: a spelling the renderer does not make (<c>nameof(Net)</c>, whose value is
/// still known) or, with <see cref="IsConstant"/> false, an argument that is not a constant of the parameter's type.
/// </summary>
internal sealed record ArgumentSpec(string Name, string Type, object? Value, bool Constructor, int Style = 0, string? RawSource = null, bool IsConstant = true)
{
    public int? Int => IsConstant ? Value as int? : null;

    public double? Double => IsConstant ? Value as double? ?? (Value as int?) : null;

    public bool? Bool => IsConstant ? Value as bool? : null;

    public string? String => IsConstant ? Value as string : null;

    /// <summary>An <c>int[]</c> argument's elements (null for <c>null</c> or another type).</summary>
    public int[]? IntArray => IsConstant ? Value as int[] : null;

    public bool IsEnum => Type is "Activation" or "Padding";
}
