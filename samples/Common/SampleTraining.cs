using System;
using System.Globalization;
using ConvGen.Onnx;

namespace ConvGen.Samples;

/// <summary>The training flow every sample shares: summary, Fit with live progress, evaluation, saving (weights, and the ONNX model when asked), and the final line.</summary>
public static class SampleTraining
{
    /// <summary>Trains <paramref name="model"/> with the seed's settings (Adam 0.001) and prints <c>test accuracy: 0.xxxx</c> last.</summary>
    public static TrainingHistory Run(Network model, SampleOptions options, ImageDataset train, ImageDataset test, Action<TrainingHistory>? beforeLastLine = null)
    {
        model.Threads = options.Threads;
        Console.WriteLine(model.Summary());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training on {train.Count:N0} images, validating on {test.Count:N0}: {options.Epochs} epochs, batch {options.BatchSize}, {options.Threads} thread(s), seed {options.Seed}, " +
            $"{KernelDispatch.Active} kernels."));
        var progress = new ConsoleProgress();
        TrainingHistory history = model.Fit(train, new FitOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            ValidationData = test,
            Seed = options.Seed,
            Optimizer = new Adam(learningRate: 0.001f),
            Progress = progress,
            Callbacks = new ITrainingCallback[] { new EpochPrinter(progress, options.Epochs) },
        });

        Evaluation result = model.Evaluate(test);
        if (options.SavePath is { } path)
        {
            model.SaveWeights(path);
            Console.WriteLine($"weights saved to {System.IO.Path.GetFullPath(path)}");
        }

        ExportOnnx(model, options);

        beforeLastLine?.Invoke(history);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {result.Loss:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {result.Accuracy:F4}"));
        return history;
    }

    /// <summary>Writes <paramref name="model"/> as an ONNX model when <c>--export-onnx PATH</c> was given, and says where and in which layout.</summary>
    public static void ExportOnnx(Network model, SampleOptions options)
    {
        if (options.OnnxPath is not { } onnx)
        {
            return;
        }

        model.ExportOnnx(onnx);
        var input = model.Describe().InputShape;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ONNX model written to {System.IO.Path.GetFullPath(onnx)} (opset {OnnxExporter.Opset}, input '{OnnxExporter.InputName}' N x {input[2]} x {input[0]} x {input[1]} float32 NCHW, output '{OnnxExporter.OutputName}')"));
    }

    /// <summary>Parses the options, or prints the usage and returns null.</summary>
    public static SampleOptions? Options(string[] args, string defaultSavePath)
    {
        try
        {
            return SampleOptions.Parse(args, defaultSavePath);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
