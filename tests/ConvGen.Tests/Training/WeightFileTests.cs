using System;
using System.IO;
using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>Saving and loading weights: round trip, wrong network, corruption, truncation, atomic writes.</summary>
public sealed class WeightFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("convgen-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void RoundTripRestoresEveryParameterAndPrediction()
    {
        ImageDataset data = TrainingData.Random(20, 6, 6, 2, 3, 1);
        using var trained = new TinyNet(seed: 1);
        trained.Fit(data, new FitOptions { Epochs = 1, BatchSize = 5 });
        trained.SaveWeights(PathOf("tiny.cgw"));
        Assert.Single(Directory.GetFiles(_folder));

        using var fresh = new TinyNet(seed: 2);
        Assert.NotEqual(trained.Predict(data), fresh.Predict(data));
        fresh.LoadWeights(PathOf("tiny.cgw"));
        Assert.Equal(trained.Predict(data), fresh.Predict(data));
        for (int i = 0; i < trained.Parameters.Count; i++)
        {
            Assert.Equal(trained.Parameters[i].Value, fresh.Parameters[i].Value);
        }
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItWholeAndLeavesNoTemporaryFile()
    {
        using var model = new TinyNet(seed: 1);
        File.WriteAllText(PathOf("w.cgw"), "old content");
        model.SaveWeights(PathOf("w.cgw"));
        Assert.Equal(new[] { PathOf("w.cgw") }, Directory.GetFiles(_folder));
        using var other = new TinyNet(seed: 9);
        other.LoadWeights(PathOf("w.cgw"));
        Assert.Equal(model.Parameters[0].Value, other.Parameters[0].Value);
    }

    [Fact]
    public void WeightsOfAnotherNetworkAreRefusedAndChangeNothing()
    {
        using var other = new OtherNet();
        other.SaveWeights(PathOf("other.cgw"));
        using var model = new TinyNet(seed: 3);
        float[][] before = model.CopyWeights();
        var ex = Assert.Throws<InvalidDataException>(() => model.LoadWeights(PathOf("other.cgw")));
        Assert.Contains("'OtherNet'", ex.Message);
        Assert.Contains("'TinyNet'", ex.Message);
        AssertUnchanged(before, model);
    }

    [Theory]
    [InlineData("flip a value byte")]
    [InlineData("flip the checksum")]
    [InlineData("truncate")]
    [InlineData("truncate header")]
    [InlineData("wrong magic")]
    [InlineData("empty")]
    public void CorruptFilesRaiseAClearErrorAndChangeNothing(string damage)
    {
        using var source = new TinyNet(seed: 4);
        source.SaveWeights(PathOf("w.cgw"));
        byte[] bytes = File.ReadAllBytes(PathOf("w.cgw"));
        bytes = damage switch
        {
            "flip a value byte" => Flip(bytes, bytes.Length / 2),
            "flip the checksum" => Flip(bytes, bytes.Length - 1),
            "truncate" => bytes[..(bytes.Length - 100)],
            "truncate header" => bytes[..6],
            "wrong magic" => Flip(bytes, 0),
            _ => Array.Empty<byte>(),
        };
        File.WriteAllBytes(PathOf("w.cgw"), bytes);
        using var model = new TinyNet(seed: 5);
        float[][] before = model.CopyWeights();
        var ex = Assert.Throws<InvalidDataException>(() => model.LoadWeights(PathOf("w.cgw")));
        Assert.Contains(PathOf("w.cgw"), ex.Message);
        Assert.True(ex.Message.Contains("checksum", StringComparison.Ordinal) || ex.Message.Contains("magic", StringComparison.Ordinal) || ex.Message.Contains("truncated", StringComparison.Ordinal), ex.Message);
        AssertUnchanged(before, model);
    }

    [Fact]
    public void AMismatchedTensorShapeIsNamed()
    {
        using var model = new TinyNet();
        var tensors = model.Parameters.Select(p => new WeightFile.Tensor(p.Name, p.Shape, p.Value)).ToList();
        tensors[0] = new WeightFile.Tensor(tensors[0].Name, new[] { 3, 3, 2, 5 }, new float[90]);
        WeightFile.Write(PathOf("shape.cgw"), "TinyNet", tensors);
        var ex = Assert.Throws<InvalidDataException>(() => model.LoadWeights(PathOf("shape.cgw")));
        Assert.Contains("(3, 3, 2, 5)", ex.Message);
        Assert.Contains("(3, 3, 2, 4)", ex.Message);
    }

    [Fact]
    public void AFileWrittenByTheHandWrittenCrcOfEarlierVersionsStillLoads()
    {
        // Before System.IO.Hashing, weight files were checked with this table-driven CRC-32 (IEEE 802.3, reflected
        // 0xEDB88320): a file it sealed, written here byte by byte in the format, loads, and the library agrees with it.
        Assert.Equal(0xCBF43926u, OldCrc32("123456789"u8)); // the CRC-32 check value
        var random = new Random(5);
        byte[] sample = new byte[1000];
        random.NextBytes(sample);
        Assert.Equal(OldCrc32(sample), System.IO.Hashing.Crc32.HashToUInt32(sample));

        using var model = new OtherNet(seed: 7);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("CGWT"u8.ToArray());
            w.Write(1);
            w.Write("OtherNet");
            w.Write(model.Parameters.Count);
            foreach (Parameter p in model.Parameters)
            {
                w.Write(p.Name);
                w.Write(p.Shape.Count);
                foreach (int d in p.Shape)
                {
                    w.Write(d);
                }

                foreach (float v in p.Value)
                {
                    w.Write(v + 0.25f);
                }
            }

            w.Write(OldCrc32(body.ToArray()));
        }

        File.WriteAllBytes(PathOf("old.cgw"), body.ToArray());
        using var loaded = new OtherNet(seed: 8);
        loaded.LoadWeights(PathOf("old.cgw"));
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(model.Parameters[i].Value.Select(v => v + 0.25f), loaded.Parameters[i].Value);
        }

        // And what this build writes is the same bytes.
        loaded.SaveWeights(PathOf("new.cgw"));
        Assert.Equal(body.ToArray(), File.ReadAllBytes(PathOf("new.cgw")));
    }

    private static uint OldCrc32(ReadOnlySpan<byte> data)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    private static void AssertUnchanged(float[][] before, Network model)
    {
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i], model.Parameters[i].Value);
        }
    }
}
