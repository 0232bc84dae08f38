using System.Collections.Generic;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// Source for vector loads and stores that respect a register block's partial last vector: only its valid lanes
    /// are read or written, so nothing past a tensor's end is touched (a compile-time decomposition, no branches).
    /// </summary>
    internal static class VectorCode
    {
        /// <summary>Vector <paramref name="v"/> of <paramref name="block"/> at <paramref name="offset"/>, lane by lane when it is the partial one.</summary>
        public static string Load(VectorIsa isa, BlockKind block, int v, string reference, long offset)
        {
            if (v < block.Vectors - 1 || block.TailLanes == 0)
            {
                return $"{isa.Vector}.LoadUnsafe(ref {reference}, {offset})";
            }

            var lanes = new List<string>();
            for (int i = 0; i < isa.Lanes; i++)
            {
                lanes.Add(i < block.TailLanes ? $"Unsafe.Add(ref {reference}, {offset + i})" : "0f");
            }

            return $"{isa.Vector}.Create({string.Join(", ", lanes)})";
        }

        /// <summary>Stores the first <paramref name="count"/> lanes of a <paramref name="lanes"/>-wide vector: whole halves while they fit, then single lanes.</summary>
        public static void StorePartial(SourceWriter w, string value, int lanes, int count, string target, long offset)
        {
            if (count == lanes)
            {
                w.Line($"{value}.StoreUnsafe(ref {target}, {offset});");
            }
            else if (lanes <= 4)
            {
                for (int i = 0; i < count; i++)
                {
                    w.Line($"Unsafe.Add(ref {target}, {offset + i}) = {value}.GetElement({i});");
                }
            }
            else if (count >= lanes / 2)
            {
                StorePartial(w, $"{value}.GetLower()", lanes / 2, lanes / 2, target, offset);
                if (count > lanes / 2)
                {
                    StorePartial(w, $"{value}.GetUpper()", lanes / 2, count - lanes / 2, target, offset + lanes / 2);
                }
            }
            else
            {
                StorePartial(w, $"{value}.GetLower()", lanes / 2, count, target, offset);
            }
        }
    }
}
