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
