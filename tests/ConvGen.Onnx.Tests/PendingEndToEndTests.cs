using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Onnx.Tests;

/// <summary>
/// End-to-end runs (import → generated kernels → Predict against ONNX Runtime) of the models whose declarations are
/// only text baselines today. Each is enabled by moving its Baselines/*.cs into Imported/ (so the generator compiles it) and
/// removing the Skip; ReferenceTests already checks every one of
/// these imports against ONNX Runtime through the double-precision reference.
/// </summary>
public sealed class PendingEndToEndTests(ITestOutputHelper log)
{
    private const string Layers = "Needs the layers of issue 22 (5x5/7x7 kernels, explicit pads, average and global pooling), which today's attributes do not declare";

    [Fact(Skip = Layers + ": inception_style_op13 (5x5 branch, 3x3 average pooling with count_include_pad, global average pooling).")]
    public void InceptionStyle()
    {
        EndToEndTests.Check("inception_style_op13", "InceptionStyle", 1, log);
        EndToEndTests.Check("inception_style_op13", "InceptionStyle", 3, log);
    }

    [Fact(Skip = Layers + ": mobilenet_v2_style_op13 (global average pooling head).")]
    public void MobileNetV2Style()
    {
        EndToEndTests.Check("mobilenet_v2_style_op13", "MobileNetV2Style", 1, log);
        EndToEndTests.Check("mobilenet_v2_style_op13", "MobileNetV2Style", 3, log);
    }

    [Fact(Skip = Layers + ": pads_pools_op11 and pads_pools_op19 (SAME_LOWER and asymmetric pads, 5x5 depthwise, 7x7, average pooling, global max/average pooling as the last op).")]
    public void PadsPools()
    {
        EndToEndTests.Check("pads_pools_op11", "PadsPools11", 1, log);
        EndToEndTests.Check("pads_pools_op11", "PadsPools11", 3, log);
        EndToEndTests.Check("pads_pools_op19", "PadsPools19", 1, log);
        EndToEndTests.Check("pads_pools_op19", "PadsPools19", 3, log);
    }

    [Fact(Skip = Layers + ": generated/resnet18_op13 (7x7/2 stem with pads 3,3,2,2, 3x3/2 max pooling and convolutions with pads 1,1,0,0, global average pooling).")]
    public void ResNet18()
    {
        EndToEndTests.Check("generated/resnet18_op13", "ResNet18", 1, log);
        EndToEndTests.Check("generated/resnet18_op13", "ResNet18", 3, log);
    }

    [Fact(Skip = "Generator bug (issue 19's area): a convolution without activation read by an Add without activation (MobileNetV2's linear residual) gets ForwardResidual code 'a0_0 + Vector256.LoadUnsafe(ref r, 0).StoreUnsafe(ref o, 0);' (ConvKernelEmitter.EmitEpilogue leaves the sum unparenthesised), which does not compile: mobilenet_v2_features_op10/op13.")]
    public void MobileNetV2Features()
    {
        EndToEndTests.Check("mobilenet_v2_features_op10", "MobileNetV2Features", 1, log);
        EndToEndTests.Check("mobilenet_v2_features_op10", "MobileNetV2Features", 3, log);
        EndToEndTests.Check("mobilenet_v2_features_op13", "MobileNetV2Features", 1, log);
        EndToEndTests.Check("mobilenet_v2_features_op13", "MobileNetV2Features", 3, log);
    }
}
