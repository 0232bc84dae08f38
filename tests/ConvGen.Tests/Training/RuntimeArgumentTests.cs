using System;
using System.IO;
using System.Linq;
using ConvGen.Tests.Declarations;
using Xunit;

namespace ConvGen.Tests.Training;

/// <summary>
/// Bad arguments to the public runtime get a specific exception naming what was wrong, never a hang, a silent
/// success or a bare NullReferenceException/IndexOutOfRangeException (each case failed before: hung, returned, or
/// threw something that named nothing).
/// </summary>
public sealed class RuntimeArgumentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("convgen-arguments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ABatchSizeBelowOneIsRefusedInsteadOfLoopingForEver(int batchSize)
    {
        using var model = new TinyNet();
        ImageDataset data = TrainingData.Random(4, 6, 6, 2, 3, seed: 1);
        foreach (Action call in new Action[]
        {
            () => model.Predict(data, batchSize),
            () => model.Predict(new float[4 * 72], new float[4 * 3], 4, batchSize),
            () => model.Evaluate(data, batchSize),
            () => model.PredictClasses(data, batchSize),
        })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal("batchSize", ex.ParamName);
        }

        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(data, new FitOptions { BatchSize = batchSize }));
        Assert.Equal("options.BatchSize", fit.ParamName);
    }

    [Fact]
    public void ANegativeImageCountIsRefused()
    {
        using var model = new TinyNet();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(new float[72], new float[3], -1));
        Assert.Equal("count", ex.ParamName);
    }

    [Fact]
    public void FittingOrEvaluatingAnEmptyDataSetIsRefused()
    {
        using var model = new TinyNet();
        ImageDataset empty = TrainingData.Random(0, 6, 6, 2, 3, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(empty, new FitOptions { Epochs = 2 }));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("empty", ex.Message);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => model.Evaluate(empty)).ParamName);
        Assert.Throws<ArgumentException>(() => model.Fit(TrainingData.Random(4, 6, 6, 2, 3, seed: 1), new FitOptions { ValidationData = empty }));
        Assert.Empty(model.Predict(empty)); // nothing to predict is not an error
    }

    [Fact]
    public void NonFiniteOrOutOfRangeHyperParametersAreRefused()
    {
        AssertRefused("learningRate", () => new Adam(float.NaN));
        AssertRefused("learningRate", () => new Adam(-0.001f));
        AssertRefused("learningRate", () => new Adam(float.PositiveInfinity));
        AssertRefused("beta1", () => new Adam(beta1: 1f));
        AssertRefused("beta2", () => new Adam(beta2: float.NaN));
        AssertRefused("epsilon", () => new Adam(epsilon: 0f));
        AssertRefused("learningRate", () => new Sgd(float.NaN));
        AssertRefused("momentum", () => new Sgd(momentum: 1.5f));
        AssertRefused("momentum", () => new Sgd(momentum: 1f));
        AssertRefused("momentum", () => new Sgd(momentum: -0.1f));
        var adam = new Adam();
        AssertRefused("LearningRate", () => adam.LearningRate = float.NaN);
        Assert.Equal(0.001f, adam.LearningRate);
        Assert.Equal(0.9f, new Sgd(momentum: 0.9f).Momentum);

        static void AssertRefused(string parameter, Action create)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(create);
            Assert.Equal(parameter, ex.ParamName);
        }
    }

    [Fact]
    public void LabelsAreAReadOnlyCopyCheckedAtConstruction()
    {
        byte[] labels = { 0, 1, 2, 1 };
        var data = new ImageDataset(new byte[4 * 72], labels, 6, 6, 2, 3);
        labels[1] = 200; // the caller's array is not the data set's
        Assert.Equal(new byte[] { 0, 1, 2, 1 }, data.Labels);
        Assert.False(data.Labels is byte[]);
        Assert.Throws<NotSupportedException>(() => ((System.Collections.Generic.IList<byte>)data.Labels)[0] = 9);

        var ex = Assert.Throws<ArgumentException>(() => new ImageDataset(new byte[4 * 72], new byte[] { 0, 1, 7, 1 }, 6, 6, 2, 3));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("Label 7 of image 2", ex.Message);
        Assert.Contains("0 to 2", ex.Message);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => data.Take(-1)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => data.CopyImage(4, new float[72])).ParamName);
    }

    [Fact]
    public void SetWeightsNamesTheNullTensor()
    {
        using var model = new TinyNet();
        float[][] weights = model.CopyWeights();
        weights[1] = null!;
        var ex = Assert.Throws<ArgumentNullException>(() => model.SetWeights(weights));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("tensor 1 ('conv2d/bias')", ex.Message);
        Assert.Throws<ArgumentNullException>(() => model.SetWeights(null!));
    }

    [Fact]
    public void LayerOutputNamesTheImageIndexAndTheRange()
    {
        using var model = new TinyNet();
        ImageDataset data = TrainingData.Random(2, 6, 6, 2, 3, seed: 1);
        foreach (int index in new[] { 2, -1 })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.LayerOutput(data, index, "conv2d"));
            Assert.Equal("index", ex.ParamName);
            Assert.Contains($"Image index {index}", ex.Message);
            Assert.Contains("0..1", ex.Message);
        }

        Assert.Throws<ArgumentNullException>(() => model.LayerOutput(data, 0, null!));
    }

    [Fact]
    public void SavingIntoAMissingFolderNamesThePathGiven()
    {
        using var model = new TinyNet();
        string path = Path.Combine(_folder, "missing", "w.cgw");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => model.SaveWeights(path));
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain(".tmp", ex.Message);
        var folder = Assert.Throws<IOException>(() => model.SaveWeights(_folder));
        Assert.Contains(_folder, folder.Message);
        Assert.Contains("folder", folder.Message);
    }

    [Fact]
    public void LoadingAFolderNamesThePath()
    {
        using var model = new TinyNet();
        var ex = Assert.Throws<FileNotFoundException>(() => model.LoadWeights(_folder));
        Assert.Contains(_folder, ex.Message);
        Assert.Contains("is a folder", ex.Message);
        Assert.Throws<FileNotFoundException>(() => model.LoadWeights(Path.Combine(_folder, "none.cgw")));
    }

    [Fact]
    public void ParameterCountIsTheTotalAndTrainableParameterCountWhatTrains()
    {
        // The issue's network showed 363 where 351 train; TinyBatchNormNet has three BatchNorm layers (4 + 4 + 5 channels
        // of moving mean and variance: 26 not trained).
        using var model = new TinyBatchNormNet();
        Assert.Equal(TinyBatchNormNet.ParameterCount, model.Parameters.Sum(p => p.Length));
        Assert.Equal(TinyBatchNormNet.TrainableParameterCount, model.Parameters.Where(p => p.Trainable).Sum(p => p.Length));
        Assert.Equal(26, TinyBatchNormNet.ParameterCount - TinyBatchNormNet.TrainableParameterCount);
        Assert.Contains($"Total params: {TinyBatchNormNet.ParameterCount:N0}", model.Summary());
        Assert.Contains($"Trainable params: {TinyBatchNormNet.TrainableParameterCount:N0}", model.Summary());
        Assert.Equal(SeedModel.ParameterCount, SeedModel.TrainableParameterCount);
    }

    [Fact]
    public void SummaryColumnsStayAlignedWithLongLayerNames()
    {
        using var model = new LongNamesNet();
        string[] lines = model.Summary().Split('\n');
        string header = lines.Single(l => l.Contains("Output Shape", StringComparison.Ordinal));
        int shapeColumn = header.IndexOf("Output Shape", StringComparison.Ordinal);
        int paramColumn = header.IndexOf("Param #", StringComparison.Ordinal);
        string[] rows = lines.Where(l => l.Contains("(None, ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Contains(rows, r => r.Contains("a_convolution_whose_name_is_far_longer_than_the_column", StringComparison.Ordinal));
        foreach (string row in rows)
        {
            Assert.Equal(shapeColumn, row.IndexOf("(None, ", StringComparison.Ordinal));
            Assert.Equal(' ', row[shapeColumn - 1]);
            Assert.Equal(' ', row[paramColumn - 1]);
            Assert.True(char.IsDigit(row[paramColumn]), row);
        }

        Assert.True(lines[1].Length >= header.TrimEnd('\r').Length, "the rules span the widened table");
    }

    [Fact]
    public void WeightFileArgumentsAreChecked()
    {
        Assert.Throws<ArgumentNullException>(() => WeightFile.Write(null!, "n", Array.Empty<WeightFile.Tensor>()));
        var ex = Assert.Throws<ArgumentException>(() => WeightFile.Write(Path.Combine(_folder, "bad.cgw"), "n", new[] { new WeightFile.Tensor("t", new[] { 2, 3 }, new float[5]) }));
        Assert.Contains("'t'", ex.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
