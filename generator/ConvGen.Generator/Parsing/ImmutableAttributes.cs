using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>A class's ConvGen attributes in declaration order, each with its reader.</summary>
    internal sealed class ImmutableAttributes
    {
        private ImmutableAttributes(List<(string Name, AttributeReader Reader)> all) => All = all;

        public IReadOnlyList<(string Name, AttributeReader Reader)> All { get; }

        public static ImmutableAttributes Of(INamedTypeSymbol type)
        {
            var all = new List<(string, AttributeReader)>();
            foreach (AttributeData data in type.GetAttributes())
            {
                string? name = data.AttributeClass?.ToDisplayString();
                if (name != null && name.StartsWith("ConvGen.", System.StringComparison.Ordinal))
                {
                    all.Add((name, new AttributeReader(data)));
                }
            }

            return new ImmutableAttributes(all);
        }

        public bool Has(string name) => All.Any(a => a.Name == name);

        public AttributeReader? First(string name) => All.Where(a => a.Name == name).Select(a => a.Reader).FirstOrDefault();
    }
}
