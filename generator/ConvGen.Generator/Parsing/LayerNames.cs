using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>Keras-style layer names (<c>conv2d</c>, <c>conv2d_1</c>, …) and the C# class names derived from them.</summary>
    internal sealed class LayerNames
    {
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
        private readonly HashSet<string> _taken = new HashSet<string>();
        private readonly HashSet<string> _classes = new HashSet<string>();

        /// <summary>Returns the explicit or next default name, or reports CG0009 for a duplicate and returns null.</summary>
        public string? Take(string? explicitName, string prefix, Location? location, List<DiagnosticInfo> diagnostics)
        {
            string name;
            if (!string.IsNullOrEmpty(explicitName))
            {
                name = explicitName!;
            }
            else
            {
                _counts.TryGetValue(prefix, out int count);
                _counts[prefix] = count + 1;
                name = count == 0 ? prefix : prefix + "_" + count.ToString(CultureInfo.InvariantCulture);
            }

            if (!_taken.Add(name) || !_classes.Add(ClassName(name)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Contradictory, location, name, $"the layer name '{name}' is used twice (or maps to the same class name '{ClassName(name)}')"));
                return null;
            }

            return name;
        }

        /// <summary><c>conv2d_1</c> → <c>Conv2d1</c>; anything that is not a letter or digit splits words.</summary>
        public static string ClassName(string name)
        {
            var text = new StringBuilder();
            bool upper = true;
            foreach (char ch in name)
            {
                if (char.IsLetterOrDigit(ch))
                {
                    text.Append(upper ? char.ToUpperInvariant(ch) : ch);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }

            if (text.Length == 0 || char.IsDigit(text[0]))
            {
                text.Insert(0, "Layer");
            }

            return text.ToString();
        }
    }
}
