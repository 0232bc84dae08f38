using System;
using ConvGen.Onnx.Tests.Imported;

namespace ConvGen.Onnx.Tests.Support;

/// <summary>The networks of Imported/*.cs (the importer's declarations, compiled by the generator into this assembly).</summary>
internal static class ImportedNetworks
{
    /// <summary>The class each end-to-end model imports to, by the model's file stem.</summary>
    public static string ClassOf(string model) => model[..model.LastIndexOf("_op", StringComparison.Ordinal)] switch
    {
        "plain_cnn" => nameof(PlainCnn),
        "resnet_style" => nameof(ResNetStyle),
        "inception_lite" => nameof(InceptionLite),
        "opset_cnn" => nameof(OpsetCnn),
        _ => throw new ArgumentException($"No compiled declaration for {model}.", nameof(model)),
    };

    /// <summary>A new instance of the compiled network <paramref name="className"/> (found by name, so a pending test can name a class that is not compiled yet).</summary>
    public static Network Create(string className)
    {
        Type type = typeof(ImportedNetworks).Assembly.GetType("ConvGen.Onnx.Tests.Imported." + className)
            ?? throw new InvalidOperationException($"Imported/{className}.cs is not compiled into the tests (it is still a text baseline in Baselines/).");
        return (Network)Activator.CreateInstance(type, 0)!;
    }
}
