using System;
using System.IO;
using System.IO.Compression;
using Xunit;

namespace ConvGen.Tests.Data;

/// <summary>The IDX reader on valid files (raw and gzip) and every kind of damage.</summary>
public sealed class IdxFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("convgen-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Images(int count, int h, int w)
    {
        var bytes = new byte[16 + count * h * w];
        bytes[2] = 0x08;
        bytes[3] = 3;
        WriteBigEndian(bytes, 4, count);
        WriteBigEndian(bytes, 8, h);
        WriteBigEndian(bytes, 12, w);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static void WriteBigEndian(byte[] bytes, int at, int value)
    {
        bytes[at] = (byte)(value >> 24);
        bytes[at + 1] = (byte)(value >> 16);
        bytes[at + 2] = (byte)(value >> 8);
        bytes[at + 3] = (byte)value;
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(_folder, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsRawAndGzipFiles(bool gzip)
    {
        byte[] bytes = Images(3, 4, 5);
        var (dims, data) = IdxFile.ReadBytes(Write("x.idx", bytes, gzip), 3);
        Assert.Equal(new[] { 3, 4, 5 }, dims);
        Assert.Equal(bytes[16..], data);
    }

    [Theory]
    [InlineData("magic", "not an IDX file")]
    [InlineData("type", "element type is 0x0D")]
    [InlineData("rank", "rank is 1; expected 3")]
    [InlineData("header", "truncated inside its header")]
    [InlineData("data", "truncated: dimensions 3x4x5 need 60 data bytes but 59 follow")]
    [InlineData("extra", "1 bytes follow the 60 data bytes")]
    [InlineData("zero", "dimension 1 is 0")]
    [InlineData("short", "fewer than the 4")]
    public void DamageIsReportedWithTheFileAndTheProblem(string damage, string message)
    {
        byte[] bytes = Images(3, 4, 5);
        bytes = damage switch
        {
            "magic" => Set(bytes, 0, 0x1F),
            "type" => Set(bytes, 2, 0x0D),
            "rank" => Set(bytes, 3, 1),
            "header" => bytes[..10],
            "data" => bytes[..^1],
            "extra" => [.. bytes, 0],
            "zero" => Set(Set(Set(Set(bytes, 8, 0), 9, 0), 10, 0), 11, 0),
            _ => bytes[..3],
        };
        string path = Write("bad.idx", bytes);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains(path, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void ACorruptGzipStreamIsReported()
    {
        string path = Write("bad.gz", Images(3, 4, 5), gzip: true);
        byte[] zipped = File.ReadAllBytes(path);
        File.WriteAllBytes(path, zipped[..(zipped.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains(path, ex.Message);
        Assert.True(ex.Message.Contains("gzip", StringComparison.Ordinal) || ex.Message.Contains("truncated", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void MissingFashionMnistSaysHowToGetIt()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        if (FashionMnist.Locate(empty) is not null && FashionMnist.Locate(empty) != empty)
        {
            // The machine has the data set elsewhere: the message is still checked through the search list.
            Assert.Equal(empty, FashionMnist.SearchFolders(empty)[0]);
            return;
        }

        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(empty));
        Assert.Contains(FashionMnist.InstallCommand, ex.Message);
        Assert.Contains(empty, ex.Message);
    }

    [Fact]
    public void FashionMnistFilesInAGivenFolderAreUsedFirst()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_folder, "fm")).FullName;
        byte[] images = Images(2, 28, 28);
        byte[] labels = new byte[10];
        labels[3] = 1;
        WriteBigEndian(labels, 4, 2);
        labels[8] = 9;
        labels[9] = 0;
        foreach (string prefix in new[] { "train", "t10k" })
        {
            Write($"fm/{prefix}-images-idx3-ubyte", images);
            Write($"fm/{prefix}-labels-idx1-ubyte.gz", labels, gzip: true);
        }

        labels[2] = 0x08;
        foreach (string prefix in new[] { "train", "t10k" })
        {
            Write($"fm/{prefix}-labels-idx1-ubyte.gz", labels, gzip: true);
        }

        var (train, test) = FashionMnist.Load(folder);
        Assert.Equal(2, train.Count);
        Assert.Equal(new byte[] { 9, 0 }, test.Labels);
        Assert.Equal("Ankle boot", train.ClassNames[train.Labels[0]]);
    }

    private static byte[] Set(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }
}
