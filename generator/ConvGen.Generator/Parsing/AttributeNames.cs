namespace ConvGen.Generator.Parsing
{
    /// <summary>Metadata names of the attributes the generator reads (declared in the ConvGen runtime).</summary>
    internal static class AttributeNames
    {
        public const string ConvNet = "ConvGen.ConvNetAttribute";
        public const string Input = "ConvGen.InputAttribute";
        public const string Conv2D = "ConvGen.Conv2DAttribute";
        public const string MaxPool2D = "ConvGen.MaxPool2DAttribute";
        public const string AveragePooling2D = "ConvGen.AveragePooling2DAttribute";
        public const string GlobalAveragePooling2D = "ConvGen.GlobalAveragePooling2DAttribute";
        public const string GlobalMaxPooling2D = "ConvGen.GlobalMaxPooling2DAttribute";
        public const string Flatten = "ConvGen.FlattenAttribute";
        public const string Dense = "ConvGen.DenseAttribute";
        public const string Dropout = "ConvGen.DropoutAttribute";
        public const string BatchNormalization = "ConvGen.BatchNormalizationAttribute";
        public const string Branch = "ConvGen.BranchAttribute";
        public const string Concatenate = "ConvGen.ConcatenateAttribute";
        public const string Add = "ConvGen.AddAttribute";

        /// <summary>Attributes that shape a network's graph (not layers of their own, or merges).</summary>
        public static bool IsGraph(string name) => name == Branch || name == Concatenate || name == Add;
        public const string Conv2DKernel = "ConvGen.Conv2DKernelAttribute";
        public const string DepthwiseConv2D = "ConvGen.DepthwiseConv2DAttribute";
        public const string DepthwiseConv2DKernel = "ConvGen.DepthwiseConv2DKernelAttribute";

        public static bool IsKernel(string name) => name == Conv2DKernel || name == DepthwiseConv2DKernel;

        public static bool IsLayer(string name) =>
            name == Conv2D || name == DepthwiseConv2D || name == MaxPool2D || name == AveragePooling2D || name == GlobalAveragePooling2D ||
            name == GlobalMaxPooling2D || name == Flatten || name == Dense || name == Dropout || name == BatchNormalization;
    }
}
