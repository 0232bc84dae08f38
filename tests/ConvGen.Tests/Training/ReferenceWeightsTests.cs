using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using ConvGen.Tests.Declarations;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Tests.Training;

/// <summary>
/// Pins what training computes: each network trains a few steps (with validation, so inference runs between epochs)
/// and the SHA-256 of its weights and of its predictions must equal the hashes the runtime produced before it was
/// split into graph, trainer and scheduler (commit 41b7412). A deliberate numerical change (a kernel's summation
/// order, an optimiser's formula) changes them: the failure message prints the new hashes to paste in after checking
/// that the change is intended.
/// </summary>
public class ReferenceWeightsTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        { "SeedModel/1/Vector256", "19374DE91AA37EA7FFD1F3879414B339" },
        { "SeedModel/1/Vector512", "19374DE91AA37EA7FFD1F3879414B339" },
        { "SeedModel/2/Vector512", "C54163B2544671E7FDC32F22C5731095" },
        { "TinyBatchNormNet/1/Vector256", "291A60BD7D61DB2AB0A735FFDC0DBB7C" },
        { "TinyBatchNormNet/1/Vector512", "291A60BD7D61DB2AB0A735FFDC0DBB7C" },
        { "TinyBatchNormNet/2/Vector512", "2C7724A7AA48CDC2D9A5055A8D09C7F8" },
        { "TinyInception/1/Vector512", "93272A03FE5DD32999C90A9552FA60EB" },
        { "TinyInception/2/Vector512", "B65D1A8DD41AE0F2732BFA477926DA7A" },
        { "TinyMobileNet/1/Vector512", "2C683599836B254B6AE9B2A89423B807" },
        { "TinyMobileNet/2/Vector512", "3816FAAD2A1A2E666DD8B7D1562B0447" },
        { "TinyNet/1/Vector256", "2B2C5476E6832257BE5A537B5DF67F41" },
        { "TinyNet/1/Vector512", "2B2C5476E6832257BE5A537B5DF67F41" },
        { "TinyNet/1/generic", "6FFE7B09E72147E9F5B194247BD587E8" },
        { "TinyNet/2/Vector512", "FA2C15F83BE2360C516D5DF89B61A556" },
        { "TinyResNet/1/Vector256", "905AEB5B8C17B57A869298FF1910334A" },
        { "TinyResNet/1/Vector512", "B5FF9736C6D3142F004A24A969C27EAC" },
        { "TinyResNet/1/generic", "9196383498EE62BD66176DEA2C53C1EC" },
        { "TinyResNet/2/Vector512", "BF4AFE7F67BE03BF0EF1FC705E316C9A" },
    };

    public static TheoryData<string, int> Cases() => new()
    {
        { "TinyNet", 1 }, { "TinyNet", 2 }, { "TinyBatchNormNet", 1 }, { "TinyBatchNormNet", 2 }, { "TinyResNet", 1 }, { "TinyResNet", 2 },
        { "TinyInception", 1 }, { "TinyInception", 2 }, { "TinyMobileNet", 1 }, { "TinyMobileNet", 2 }, { "SeedModel", 1 }, { "SeedModel", 2 },
    };

    [Vector512Theory]
    [MemberData(nameof(Cases))]
    public void TrainingGivesTheWeightsOfTheRuntimeBeforeTheSplit(string network, int threads) =>
        AssertHash($"{network}/{threads}/Vector512", () => Train(network, threads));

    [Vector256Theory]
    [InlineData("TinyNet")]
    [InlineData("TinyBatchNormNet")]
    [InlineData("TinyResNet")]
    [InlineData("SeedModel")]
    public void Vector256TrainingGivesTheWeightsOfTheRuntimeBeforeTheSplit(string network) =>
        AssertHash($"{network}/1/Vector256", () => KernelDispatch.ForceVector256(), () => Train(network, 1));

    [Theory]
    [InlineData("TinyNet")]
    [InlineData("TinyResNet")]
    public void GenericTrainingGivesTheWeightsOfTheRuntimeBeforeTheSplit(string network) =>
        AssertHash($"{network}/1/generic", () => KernelDispatch.ForceGeneric(), () => Train(network, 1));

    private void AssertHash(string key, Func<string> train) => AssertHash(key, () => default(KernelDispatch.Scope), train);

    // One worker (the calling thread) when a path is forced: the switches are per thread.
    private void AssertHash(string key, Func<KernelDispatch.Scope> path, Func<string> train)
    {
        string actual;
        using (path())
        {
            actual = train();
        }

        output.WriteLine($"{{ \"{key}\", \"{actual}\" }},");
        Assert.True(Expected.TryGetValue(key, out string? expected) && expected == actual, $"{key}: expected {expected ?? "(none)"}, got {actual}");
    }

    // Two epochs of batch 16 (one of batch 64 for the seed model) with validation data, then the predictions of the
    // validation set: the hash of the weights and of the predictions.
    private static string Train(string network, int threads)
    {
        bool seed = network == "SeedModel";
        (int h, int w, int c) = network switch
        {
            "SeedModel" => (28, 28, 1),
            "TinyResNet" => (6, 6, 3),
            "TinyInception" => (6, 6, 4),
            "TinyMobileNet" => (8, 8, 3),
            _ => (6, 6, 2),
        };
        int classes = seed ? 10 : 3;
        ImageDataset train = TrainingData.Random(seed ? 256 : 72, h, w, c, classes, seed: 11);
        ImageDataset validation = TrainingData.Random(seed ? 64 : 20, h, w, c, classes, seed: 12);
        using var model = Create(network);
        model.Threads = threads;
        model.Fit(train, new FitOptions { Epochs = seed ? 1 : 2, BatchSize = seed ? 64 : 16, Seed = 3, ValidationData = validation, Optimizer = new Adam(0.01f) });
        float[] predictions = model.Predict(validation);
        return Hash(model.CopyWeights().Append(predictions));
    }

    private static Network Create(string network) => network switch
    {
        "TinyNet" => new TinyNet(seed: 1),
        "TinyBatchNormNet" => new TinyBatchNormNet(seed: 1),
        "TinyResNet" => new TinyResNet(seed: 1),
        "TinyInception" => new TinyInception(seed: 1),
        "TinyMobileNet" => new TinyMobileNet(seed: 1),
        _ => new SeedModel(seed: 1),
    };

    private static string Hash(IEnumerable<float[]> tensors)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (float[] t in tensors)
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.AsSpan()));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..32];
    }
}

/// <summary>A theory that is skipped, saying why, on a CPU without AVX-512.</summary>
public sealed class Vector512TheoryAttribute : TheoryAttribute
{
    public Vector512TheoryAttribute()
    {
        if (!KernelPaths.HasVector512)
        {
            Skip = "This CPU has no AVX-512: the reference hashes of the 512-bit path cannot be checked here.";
        }
    }
}

/// <summary>A theory that is skipped, saying why, on a CPU without AVX2 and FMA.</summary>
public sealed class Vector256TheoryAttribute : TheoryAttribute
{
    public Vector256TheoryAttribute()
    {
        if (!KernelPaths.HasVector256)
        {
            Skip = "This CPU has no AVX2/FMA: the reference hashes of the 256-bit path cannot be checked here.";
        }
    }
}
