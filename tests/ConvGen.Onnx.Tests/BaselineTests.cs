using System.IO;
using ConvGen.Onnx.Emit;
using ConvGen.Onnx.Tests.Support;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>
/// The declarations the importer writes, as text: Imported/*.cs, compiled into this assembly and run end to end.
/// </summary>
public sealed class BaselineTests
{
    public static TheoryData<string, string, string> Declarations() => new()
    {
        { "plain_cnn_op17", "PlainCnn", "Imported" },
        { "resnet_style_op15", "ResNetStyle", "Imported" },
        { "inception_lite_op13", "InceptionLite", "Imported" },
        { "opset_cnn_op21", "OpsetCnn", "Imported" },
        { "mobilenet_v2_features_op13", "MobileNetV2Features", "Imported" },
        { "mobilenet_v2_style_op13", "MobileNetV2Style", "Imported" },
        { "inception_style_op13", "InceptionStyle", "Imported" },
        { "pads_pools_op11", "PadsPools11", "Imported" },
        { "pads_pools_op19", "PadsPools19", "Imported" },
        { "generated/resnet18_op13", "ResNet18", "Imported" },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void DeclarationMatchesItsBaseline(string model, string className, string folder)
    {
        LayerGraph graph = OnnxImporter.Import(ModelFiles.Any(model));
        Baseline.Verify($"{folder}/{className}.cs", DeclarationEmitter.Emit(graph, className, "ConvGen.Onnx.Tests.Imported", className + ".cgw"));
    }

    [Fact]
    public void EveryBaselineIsTested()
    {
        foreach (string folder in new[] { "Imported", "Imported" })
        {
            foreach (string file in Directory.GetFiles(Baseline.PathOf(folder), "*.cs"))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                Assert.Contains(Declarations(), row => (string)row[1] == name && (string)row[2] == folder);
            }
        }
    }
}
