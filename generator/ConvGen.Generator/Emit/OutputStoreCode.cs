using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit
{
    /// <summary>
    /// The source that makes a kernel class generic over how it stores when its plan streams the output
    /// (<see cref="ConvPlan.StreamsOutput"/>): the class is then an <c>IStreamingKernel</c> struct, its methods take
    /// <c>TStore</c>, and whole-vector stores go through <c>TStore.Store</c>. Otherwise every piece is the plain code.
    /// </summary>
    internal sealed class OutputStoreCode
    {
        public OutputStoreCode(bool streams)
        {
            Streams = streams;
        }

        public bool Streams { get; }

        /// <summary>The type parameter list of a method (and its type argument list at a call): <c>&lt;TStore&gt;</c>.</summary>
        public string TypeParameter => Streams ? "<TStore>" : string.Empty;

        /// <summary>The constraint that follows a method's parameter list.</summary>
        public string Constraint => Streams ? $" where TStore : struct, {RuntimeNames.IOutputStore}" : string.Empty;

        /// <summary>Opens the kernel class, with the vector size <c>OutputStreaming</c> checks the output against.</summary>
        public void OpenClass(SourceWriter w, string name, VectorIsa isa, long inputLength, long outputLength)
        {
            w.Open(Streams ? $"private readonly struct {name} : {RuntimeNames.IStreamingKernel}" : $"private static class {name}");
            w.Line($"private const int InputImageLength = {inputLength};");
            w.Line($"private const int OutputImageLength = {outputLength};");
            w.Line();
            if (Streams)
            {
                w.Line($"public static int VectorBytes => {isa.Lanes * sizeof(float)};");
                w.Line();
            }
        }

        /// <summary>The summary line a streaming class adds.</summary>
        public void EmitSummaryLine(SourceWriter w)
        {
            if (Streams)
            {
                w.Line("/// Stores through <c>Run</c>'s <c>TStore</c>: streamed past the caches when the output is aligned.");
            }
        }

        /// <summary>A statement storing a whole vector.</summary>
        public string Store(string value, string target, long offset) =>
            Streams ? $"TStore.Store({value}, ref {target}, {offset});" : $"{value}.StoreUnsafe(ref {target}, {offset});";
    }
}
