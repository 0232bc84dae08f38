namespace ConvGen.Generator.Model
{
    internal enum LayerKind
    {
        Conv2D,
        DepthwiseConv2D,
        MaxPool2D,
        AveragePooling2D,
        GlobalAveragePooling2D,
        GlobalMaxPooling2D,
        Flatten,
        Dense,
        Dropout,
        BatchNormalization,
        Concatenate,
        Add,
    }
}
