using System;
using ConvGen.__Internals;
using Xunit;

namespace ConvGen.Tests;

/// <summary>The 64-byte-aligned buffers the network's activations, gradients and the Winograd scratch live in.</summary>
public class AlignedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(1000)]
    [InlineData(100_003)]
    public void EveryBufferStartsACacheLineAndHoldsItsLengthOfZeros(int length)
    {
        for (int i = 0; i < 20; i++)
        {
            // Allocations of odd sizes in between move the next array's start around within a cache line.
            _ = new float[i + 1];
            var buffer = new AlignedBuffer(length);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Span.Length);
            if (length > 0)
            {
                Assert.True(AlignedBuffer.IsAligned(buffer.Span));
            }

            Assert.All(buffer.Span.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void SlicesAndConversionsViewTheSameFloats()
    {
        var buffer = new AlignedBuffer(40);
        buffer.AsSpan(8, 4).Fill(3f);
        Span<float> whole = buffer;
        ReadOnlySpan<float> readOnly = buffer;
        Assert.Equal(3f, whole[9]);
        Assert.Equal(3f, readOnly[11]);
        Assert.Equal(0f, readOnly[12]);
        Assert.Equal(32, buffer.AsSpan(8).Length);
        Assert.True(AlignedBuffer.IsAligned(buffer.AsSpan(16)));
        Assert.False(AlignedBuffer.IsAligned(buffer.AsSpan(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(38, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-1));
    }

    [Fact]
    public void TheWinogradScratchIsAligned()
    {
        Assert.True(AlignedBuffer.IsAligned(WinogradScratch.Get(17)));
        Assert.True(AlignedBuffer.IsAligned(WinogradScratch.Get(300_001)));
    }
}
