using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ConvGen;

/// <summary>
/// Keras's <c>model.summary()</c> table: one row per layer (name and type, output shape, parameters), then the total,
/// trainable and non-trainable parameter counts. Columns are as wide as Keras's (80 characters in all) and widen to
/// the longest name or shape, so every row stays aligned.
/// </summary>
internal static class NetworkSummary
{
    private const int NameWidth = 33, ShapeWidth = 29, Width = 80;

    public static string Format(string network, IReadOnlyList<LayerSummary> layers)
    {
        int nameWidth = NameWidth, shapeWidth = ShapeWidth;
        foreach (LayerSummary layer in layers)
        {
            nameWidth = Math.Max(nameWidth, Label(layer).Length + 1);
            shapeWidth = Math.Max(shapeWidth, layer.KerasShape.Length + 1);
        }

        int width = Math.Max(Width, 1 + nameWidth + 1 + shapeWidth + 1 + "Param #".Length);
        var text = new StringBuilder();
        string rule = new('_', width);
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: \"{network}\"");
        text.AppendLine(rule);
        text.AppendLine(Row("Layer (type)", "Output Shape", "Param #", nameWidth, shapeWidth));
        text.AppendLine(new string('=', width));
        long total = 0, frozen = 0;
        foreach (LayerSummary layer in layers)
        {
            text.AppendLine(Row(Label(layer), layer.KerasShape, Count(layer.Parameters), nameWidth, shapeWidth));
            total += layer.Parameters;
            frozen += layer.NonTrainableParameters;
        }

        text.AppendLine(new string('=', width));
        text.AppendLine("Total params: " + Count(total));
        text.AppendLine("Trainable params: " + Count(total - frozen));
        text.AppendLine("Non-trainable params: " + Count(frozen));
        text.Append(rule);
        return text.ToString();
    }

    private static string Label(LayerSummary layer) => $"{layer.Name} ({layer.Type})";

    private static string Row(string name, string shape, string parameters, int nameWidth, int shapeWidth) =>
        " " + name.PadRight(nameWidth) + " " + shape.PadRight(shapeWidth) + " " + parameters;

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
