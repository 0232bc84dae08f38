using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests;

/// <summary>
/// End-to-end runs (import → generated kernels → Predict against ONNX Runtime, batch 1 and 3) of the PyTorch models
/// that need the layers of issue 22 (5x5/7x7 kernels, explicit pads, average and global pooling) or MobileNetV2's
/// linear residual Add.
/// </summary>
public sealed class LayerEndToEndTests(ITestOutputHelper log)
{
    [Fact]
    public void InceptionStyle()
    {
        EndToEndTests.Check("inception_style_op13", "InceptionStyle", 1, log);
        EndToEndTests.Check("inception_style_op13", "InceptionStyle", 3, log);
    }

    [Fact]
    public void MobileNetV2Style()
    {
        EndToEndTests.Check("mobilenet_v2_style_op13", "MobileNetV2Style", 1, log);
        EndToEndTests.Check("mobilenet_v2_style_op13", "MobileNetV2Style", 3, log);
    }

    [Fact]
    public void PadsPools()
    {
        EndToEndTests.Check("pads_pools_op11", "PadsPools11", 1, log);
        EndToEndTests.Check("pads_pools_op11", "PadsPools11", 3, log);
        EndToEndTests.Check("pads_pools_op19", "PadsPools19", 1, log);
        EndToEndTests.Check("pads_pools_op19", "PadsPools19", 3, log);
    }

    [Fact]
    public void ResNet18()
    {
        EndToEndTests.Check("generated/resnet18_op13", "ResNet18", 1, log);
        EndToEndTests.Check("generated/resnet18_op13", "ResNet18", 3, log);
    }

    [Fact]
    public void MobileNetV2Features()
    {
        EndToEndTests.Check("mobilenet_v2_features_op10", "MobileNetV2Features", 1, log);
        EndToEndTests.Check("mobilenet_v2_features_op10", "MobileNetV2Features", 3, log);
        EndToEndTests.Check("mobilenet_v2_features_op13", "MobileNetV2Features", 1, log);
        EndToEndTests.Check("mobilenet_v2_features_op13", "MobileNetV2Features", 3, log);
    }
}
