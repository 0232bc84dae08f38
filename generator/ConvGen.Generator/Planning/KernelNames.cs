using System.Globalization;
using System.Text;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning
{
    /// <summary>
    /// The name of a generated kernel: everything its code is specialised on, readable, and distinct for distinct
    /// kernels (it names every field of <see cref="ConvModel"/> that differs), e.g.
    /// <c>Conv3x3S1Same_14x14x32_64_Relu</c>, <c>Depthwise3x3S2Same_14x14x20_Relu6</c>,
    /// <c>Conv1x1S1Valid_7x7x64_16_NoBias_Slice48</c>, <c>Conv3x3S1Same_8x8x16_16_AddRelu</c>.
    /// </summary>
    internal static class KernelNames
    {
        public static string Of(ConvModel conv)
        {
            var name = new StringBuilder();
            name.Append(conv.Depthwise ? "Depthwise" : "Conv")
                .Append(I(conv.KernelSize)).Append('x').Append(I(conv.KernelSize))
                .Append('S').Append(I(conv.Stride))
                .Append(conv.HasPads ? $"Pad{I(conv.Pads[0])}{I(conv.Pads[1])}{I(conv.Pads[2])}{I(conv.Pads[3])}" : conv.Same ? "Same" : "Valid")
                .Append('_').Append(I(conv.Height)).Append('x').Append(I(conv.Width)).Append('x').Append(I(conv.Channels));
            if (!conv.Depthwise)
            {
                name.Append('_').Append(I(conv.Filters));
            }

            if (conv.Activation != ActivationNames.None)
            {
                name.Append('_').Append(ActivationNames.Name(conv.Activation));
            }

            if (!conv.UseBias)
            {
                name.Append("_NoBias");
            }

            if (conv.OutputStride != 0)
            {
                name.Append("_Slice").Append(I(conv.OutputStride));
            }

            if (conv.ResidualActivation >= 0)
            {
                name.Append("_Add").Append(conv.ResidualActivation == ActivationNames.None ? string.Empty : ActivationNames.Name(conv.ResidualActivation));
            }

            if (!conv.WinogradAllowed)
            {
                name.Append("_Direct");
            }

            return name.ToString();
        }

        private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
