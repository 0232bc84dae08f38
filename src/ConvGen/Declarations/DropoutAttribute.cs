using System;

namespace ConvGen;

/// <summary>Inverted dropout (Keras's <c>Dropout</c>): active only while training.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout with the fraction of units dropped, in [0, 1).</summary>
    public DropoutAttribute(double rate)
    {
        Rate = rate;
    }

    /// <summary>Fraction of units set to zero during training.</summary>
    public double Rate { get; }

    /// <summary>Layer name; by default <c>dropout</c>, <c>dropout_1</c>, ….</summary>
    public string? Name { get; set; }
}
