using System;

namespace ConvGen;

/// <summary>Internal argument checks that name what was expected and what was passed.</summary>
internal static class ShapeChecks
{
    public static void Exactly(int actual, long expected, string name, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} holds {actual} floats but {what} needs exactly {expected}.", name);
        }
    }
}
