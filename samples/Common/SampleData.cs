using System;
using System.IO;

namespace ConvGen.Samples;

/// <summary>Loads Fashion-MNIST for a sample, or explains in one line how to get it.</summary>
public static class SampleData
{
    public static (ImageDataset Train, ImageDataset Test)? Load(SampleOptions options)
    {
        try
        {
            var (train, test) = FashionMnist.Load(options.DataDirectory);
            return (options.TrainLimit is int limit ? train.Take(limit) : train, test);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
