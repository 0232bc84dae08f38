namespace ConvGen.Generator.Model
{
    /// <summary>The runtime's <c>Activation</c> values (None 0, Relu 1, Softmax 2, Relu6 3) as the generator writes them.</summary>
    internal static class ActivationNames
    {
        public const int None = 0;
        public const int Relu = 1;
        public const int Softmax = 2;
        public const int Relu6 = 3;

        public static string Name(int activation) => activation switch
        {
            None => "None",
            Relu => "Relu",
            Softmax => "Softmax",
            Relu6 => "Relu6",
            _ => $"value {activation}",
        };

        public static string Source(int activation) => "Activation." + Name(activation);

        public static string Suffix(int activation) => activation == None ? string.Empty : ", " + Name(activation).ToLowerInvariant();
    }
}
