namespace ConvGen.Generator.Model
{
    /// <summary>
    /// Keras's padding along one axis, the one rule the generator's convolutions and poolings share (the runtime's
    /// <c>ConvGen.KerasPadding</c> is the same rule): 'valid' adds nothing; 'same' adds what makes the output
    /// ceil(size / stride) long, max(window − (size mod stride, or stride), 0) cells, the smaller half before the image.
    /// </summary>
    internal static class KerasPadding
    {
        public static (int Before, int After) Pads(int size, int window, int stride, bool same)
        {
            if (!same)
            {
                return (0, 0);
            }

            int rem = size % stride;
            int total = System.Math.Max(window - (rem == 0 ? stride : rem), 0);
            return (total / 2, total - total / 2);
        }
    }
}
