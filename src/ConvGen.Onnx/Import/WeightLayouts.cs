namespace ConvGen.Onnx.Import;

/// <summary>ONNX's weight layouts to ConvGen's (and back, for export).</summary>
internal static class WeightLayouts
{
    /// <summary>ONNX Conv weights O × I × k × k to ConvGen's HWIO ([ky][kx][i][o]).</summary>
    public static float[] OihwToHwio(float[] oihw, int outputs, int inputs, int kernel)
    {
        var hwio = new float[oihw.Length];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int t = 0; t < kernel * kernel; t++)
                {
                    hwio[(t * inputs + i) * outputs + o] = oihw[(o * inputs + i) * kernel * kernel + t];
                }
            }
        }

        return hwio;
    }

    /// <summary>ConvGen's HWIO to ONNX's OIHW.</summary>
    public static float[] HwioToOihw(float[] hwio, int outputs, int inputs, int kernel)
    {
        var oihw = new float[hwio.Length];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int t = 0; t < kernel * kernel; t++)
                {
                    oihw[(o * inputs + i) * kernel * kernel + t] = hwio[(t * inputs + i) * outputs + o];
                }
            }
        }

        return oihw;
    }

    /// <summary>ONNX depthwise weights C × 1 × k × k to ConvGen's [ky][kx][c][1].</summary>
    public static float[] DepthwiseToHwc(float[] c1hw, int channels, int kernel) => OihwToHwio(c1hw, channels, 1, kernel);

    /// <summary>
    /// A Dense kernel [inputs, units] from ONNX's B (transposed when <paramref name="transposed"/>: [units, inputs]),
    /// scaled by <paramref name="alpha"/>. When the inputs are an NCHW tensor flattened by ONNX (C·H·W order, given
    /// as <paramref name="flattenedFrom"/>), the rows are reordered for ConvGen's NHWC flattening (H·W·C): ConvGen's
    /// feature (y·W + x)·C + c is ONNX's c·H·W + y·W + x.
    /// </summary>
    public static float[] DenseKernel(float[] b, int inputs, int units, bool transposed, float alpha, (int C, int H, int W)? flattenedFrom)
    {
        var kernel = new float[inputs * units];
        for (int row = 0; row < inputs; row++)
        {
            int source = row;
            if (flattenedFrom is (int c, int h, int w))
            {
                int channel = row % c, pixel = row / c;
                source = channel * h * w + pixel;
            }

            for (int u = 0; u < units; u++)
            {
                float v = transposed ? b[u * inputs + source] : b[source * units + u];
                kernel[row * units + u] = alpha == 1f ? v : alpha * v;
            }
        }

        return kernel;
    }

    /// <summary>
    /// ConvGen's Dense kernel [inputs, units] as ONNX's B: [units, inputs] when <paramref name="transposed"/> (Gemm
    /// with transB = 1, PyTorch's layout), else [inputs, units]. When the inputs are an image that the ONNX graph
    /// flattens as C·H·W (<paramref name="flattenedNchw"/>), the rows move from ConvGen's H·W·C order to that one:
    /// the inverse of <see cref="DenseKernel"/>.
    /// </summary>
    public static float[] DenseToOnnx(float[] kernel, int inputs, int units, bool transposed, (int C, int H, int W)? flattenedNchw)
    {
        var b = new float[inputs * units];
        for (int row = 0; row < inputs; row++)
        {
            int target = row;
            if (flattenedNchw is (int c, int h, int w))
            {
                int channel = row % c, pixel = row / c;
                target = channel * h * w + pixel;
            }

            for (int u = 0; u < units; u++)
            {
                b[transposed ? u * inputs + target : target * units + u] = kernel[row * units + u];
            }
        }

        return b;
    }
}
