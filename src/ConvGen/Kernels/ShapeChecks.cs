using System;

namespace ConvGen;

/// <summary>Internal argument checks that name what was expected and what was passed (formatted only on failure).</summary>
internal static class ShapeChecks
{
    public static void Exactly(int actual, long expected, string name, string what, long a = 0, long b = 0, long c = 0)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} holds {actual} floats but {string.Format(System.Globalization.CultureInfo.InvariantCulture, what, a, b, c)} needs exactly {expected}.", name);
        }
    }

    public static void AtLeast(int actual, long expected, string name, string what, long a = 0, long b = 0, long c = 0)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"{name} holds {actual} floats but {string.Format(System.Globalization.CultureInfo.InvariantCulture, what, a, b, c)} needs at least {expected}.", name);
        }
    }
}
