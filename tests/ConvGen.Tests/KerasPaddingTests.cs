using Xunit;

namespace ConvGen.Tests;

/// <summary>The runtime's one padding rule (<c>KerasPadding</c>) as convolutions and poolings see it, against <see cref="KerasReference"/>.</summary>
public class KerasPaddingTests
{
    [Theory]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Valid)]
    public void ConvolutionGeometryFollowsKeras(Padding padding)
    {
        foreach (int kernel in new[] { 1, 3, 5, 7 })
        {
            foreach (int stride in new[] { 1, 2 })
            {
                for (int size = kernel; size <= 20; size++)
                {
                    var shape = new Conv2DShape(size, size + 1, 2, 4, kernel, stride, padding, Activation.None, UseBias: true);
                    string at = $"{kernel}x{kernel}/{stride} {padding} on {size}x{size + 1}";
                    Assert.True(KerasReference.OutputSize(size, kernel, stride, padding) == shape.OutputHeight, at);
                    Assert.True(KerasReference.OutputSize(size + 1, kernel, stride, padding) == shape.OutputWidth, at);
                    Assert.True(KerasReference.PadBefore(size, kernel, stride, padding) == shape.PadTop, at);
                    Assert.True(KerasReference.PadBefore(size + 1, kernel, stride, padding) == shape.PadLeft, at);
                }
            }
        }
    }

    [Fact]
    public void ExplicitPadsOverrideTheKerasRule()
    {
        var shape = new Conv2DShape(224, 224, 3, 64, 7, 2, Padding.Valid, Activation.None, UseBias: false) { Pads = new ExplicitPads(3, 3, 2, 2) };
        Assert.Equal((224 + 3 + 2 - 7) / 2 + 1, shape.OutputHeight);
        Assert.Equal(112, shape.OutputWidth);
        Assert.Equal(3, shape.PadTop);
        Assert.Equal(3, shape.PadLeft);
    }
}
