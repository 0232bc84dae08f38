using System.Text;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// File names of generated sources. The compiler compares hint names without case and accepts few characters, so a
    /// user's class becomes its namespace and name with anything else replaced by '_', then a hash of the exact name:
    /// <c>Net</c> and <c>NET</c> (or namespace <c>@if</c>) get files of their own.
    /// </summary>
    internal static class HintNames
    {
        private const int MaxReadableLength = 100;

        /// <summary>The file of a user's class (a network or a standalone kernel class).</summary>
        public static string ForClass(string? ns, string className)
        {
            string full = ns is null ? className : ns + "." + className;
            string readable = Sanitize(full);
            if (readable.Length > MaxReadableLength)
            {
                // The compiler writes hint names to disk (EmitCompilerGeneratedFiles): file names stay far below 255 bytes.
                readable = readable.Substring(0, MaxReadableLength);
            }

            return $"{readable}.{Fnv1a(full):x8}.g.cs";
        }

        /// <summary>The file of a generated kernel struct (its name is the generator's: ASCII letters, digits and '_').</summary>
        public static string ForKernel(string name) => $"{RuntimeNames.GeneratedNamespace}.{name}.g.cs";

        private static string Sanitize(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                text.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '_') ? c : '_');
            }

            return text.ToString();
        }

        // FNV-1a over the UTF-16 code units: stable across runs and platforms (string.GetHashCode is not).
        private static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
