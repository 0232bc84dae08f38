namespace ConvGen.Generator.Model
{
    /// <summary>A per-image tensor shape: H×W×C when spatial, C features when flat.</summary>
    internal sealed record TensorShape(int Height, int Width, int Channels, bool IsFlat)
    {
        public static TensorShape Spatial(int height, int width, int channels) => new TensorShape(height, width, channels, false);

        public static TensorShape Flat(int features) => new TensorShape(1, 1, features, true);

        public long Length => (long)Height * Width * Channels;

        /// <summary>Keras's notation, batch first: <c>(None, 28, 28, 32)</c> or <c>(None, 128)</c>.</summary>
        public string ToKeras() => IsFlat ? $"(None, {Channels})" : $"(None, {Height}, {Width}, {Channels})";
    }
}
