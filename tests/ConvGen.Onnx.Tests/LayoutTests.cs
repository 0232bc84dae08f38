using System.Linq;
using ConvGen.Onnx.Emit;
using Xunit;

namespace ConvGen.Onnx.Tests;

/// <summary>Pads, NCHW/NHWC conversion and C# names.</summary>
public sealed class LayoutTests
{
    [Theory]
    [InlineData(28, 3, 1, 1, 1)]   // 3x3 'same' stride 1
    [InlineData(28, 3, 2, 0, 1)]   // even size, stride 2: the extra row after
    [InlineData(17, 3, 2, 1, 1)]   // odd size, stride 2: PyTorch's pads 1/1 are 'same'
    [InlineData(224, 7, 2, 2, 3)]
    [InlineData(9, 2, 2, 0, 1)]    // 2x2/2 pooling on 9 (ceil_mode)
    [InlineData(8, 1, 2, 0, 0)]
    public void KerasSamePads(int size, int kernel, int stride, int before, int after)
    {
        Assert.Equal(new Pads(before, before, after, after), Pads.KerasSame(size, size, kernel, stride));
        Assert.Equal((after, before), Pads.SameAxis(size, kernel, stride, upper: false));
        Assert.Equal((size + stride - 1) / stride, Pads.OutputSize(size, before, after, kernel, stride));
    }

    [Fact]
    public void TrimmedPadsDropCellsNoWindowReads()
    {
        Assert.Equal(new Pads(3, 3, 2, 2), new Pads(3, 3, 3, 3).Trimmed(224, 224, 7, 2));
        Assert.Equal(new Pads(1, 1, 0, 0), new Pads(1, 1, 1, 1).Trimmed(56, 56, 3, 2));
        Assert.Equal(new Pads(1, 1, 1, 1), new Pads(1, 1, 1, 1).Trimmed(17, 17, 3, 2));
    }

    [Fact]
    public void NchwAndNhwcRoundTrip()
    {
        float[] nchw = Enumerable.Range(0, 2 * 3 * 4 * 5).Select(i => (float)i).ToArray();
        float[] nhwc = NchwLayout.ToNhwc(nchw, 2, 3, 4, 5);
        Assert.Equal(nchw[1 * 60 + 2 * 20 + 3 * 5 + 4], nhwc[1 * 60 + (3 * 5 + 4) * 3 + 2]);
        Assert.Equal(nchw, NchwLayout.ToNchw(nhwc, 2, 3, 4, 5));
        Assert.Throws<System.ArgumentException>(() => NchwLayout.ToNhwc(nchw, 2, 3, 4, 4));
    }

    [Theory]
    [InlineData("conv2d_1", "Conv2d1")]
    [InlineData("layer1/layer1.0/conv1", "Layer1Layer10Conv1")]
    [InlineData("1x1", "Layer1x1")]
    [InlineData("plain_cnn_op17", "PlainCnnOp17")]
    public void LayerClassNamesFollowTheGenerator(string name, string expected) => Assert.Equal(expected, CSharpNames.LayerClassName(name));

    [Fact]
    public void StringsAndIdentifiersAreEscapedOrRefused()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001\"", CSharpNames.StringLiteral("a\"b\\c\nd\u0001"));
        Assert.True(CSharpNames.IsIdentifier("_Net2"));
        Assert.False(CSharpNames.IsIdentifier("class"));
        Assert.False(CSharpNames.IsIdentifier("2Net"));
        Assert.True(CSharpNames.IsNamespace("My.Models"));
        Assert.False(CSharpNames.IsNamespace("My..Models"));
        Assert.Equal("a &lt;b&gt; c", CSharpNames.CommentText("a <b>\nc"));
    }
}
