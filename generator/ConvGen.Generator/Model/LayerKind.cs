namespace ConvGen.Generator.Model
{
    internal enum LayerKind
    {
        Conv2D,
        MaxPool2D,
        Flatten,
        Dense,
        Dropout,
    }
}
