using System;
using System.Buffers.Binary;
using System.Linq;
using ConvGen.Onnx.Protobuf;

namespace ConvGen.Onnx.Import;

/// <summary>The values of an ONNX tensor (an initializer or a Constant), checked against its data type and dimensions.</summary>
internal static class OnnxTensors
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Int32 = (int)TensorProto.Types.DataType.Int32;
    private const int Int64 = (int)TensorProto.Types.DataType.Int64;

    /// <summary>The dimensions, checked non-negative.</summary>
    public static long[] Dims(TensorProto t, Func<string, Exception> fail)
    {
        if (t.Dims.Any(d => d < 0))
        {
            throw fail($"tensor '{t.Name}' has a negative dimension ({Shape(t)})");
        }

        return t.Dims.ToArray();
    }

    /// <summary>float32 values: <c>float_data</c> or little-endian <c>raw_data</c>, exactly as many as the dimensions say.</summary>
    public static float[] Floats(TensorProto t, Func<string, Exception> fail)
    {
        long count = Count(t, fail);
        if (t.DataType != Float)
        {
            throw fail($"tensor '{t.Name}' is {TypeName(t.DataType)}; ConvGen imports float32 weights");
        }

        if (t.HasRawData)
        {
            if (t.RawData.Length != count * 4)
            {
                throw fail($"tensor '{t.Name}' of shape {Shape(t)} needs {count * 4:N0} bytes of float32 data but holds {t.RawData.Length:N0} (inconsistent initializer)");
            }

            var values = new float[count];
            ReadOnlySpan<byte> raw = t.RawData.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4));
            }

            return values;
        }

        if (t.FloatData.Count != count)
        {
            throw fail($"tensor '{t.Name}' of shape {Shape(t)} needs {count:N0} values but holds {t.FloatData.Count:N0} (inconsistent initializer)");
        }

        return t.FloatData.ToArray();
    }

    /// <summary>Integer values (int64, or int32), e.g. a Reshape's shape or a Pad's pads.</summary>
    public static long[] Integers(TensorProto t, Func<string, Exception> fail)
    {
        long count = Count(t, fail);
        if (t.DataType is not (Int64 or Int32))
        {
            throw fail($"tensor '{t.Name}' is {TypeName(t.DataType)}; an integer tensor was expected");
        }

        int size = t.DataType == Int64 ? 8 : 4;
        if (t.HasRawData)
        {
            if (t.RawData.Length != count * size)
            {
                throw fail($"tensor '{t.Name}' of shape {Shape(t)} needs {count * size} bytes but holds {t.RawData.Length} (inconsistent initializer)");
            }

            var values = new long[count];
            ReadOnlySpan<byte> raw = t.RawData.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = size == 8 ? BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8)) : BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4));
            }

            return values;
        }

        long[] data = t.DataType == Int64 ? t.Int64Data.ToArray() : t.Int32Data.Select(v => (long)v).ToArray();
        if (data.Length != count)
        {
            throw fail($"tensor '{t.Name}' of shape {Shape(t)} needs {count} values but holds {data.Length} (inconsistent initializer)");
        }

        return data;
    }

    /// <summary>The shape as text: <c>[8, 3, 3, 3]</c>.</summary>
    public static string Shape(TensorProto t) => "[" + string.Join(", ", t.Dims) + "]";

    private static long Count(TensorProto t, Func<string, Exception> fail)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw fail($"tensor '{t.Name}' keeps its data in an external file; ConvGen reads models whose weights are inside the .onnx file");
        }

        if (t.Segment is not null)
        {
            throw fail($"tensor '{t.Name}' is segmented; ConvGen reads whole tensors");
        }

        long count = 1;
        foreach (long d in Dims(t, fail))
        {
            count = checked(count * d);
        }

        if (count > 1L << 28)
        {
            throw fail($"tensor '{t.Name}' of shape {Shape(t)} has more than 2^28 values");
        }

        return count;
    }

    private static string TypeName(int dataType) => Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType)
        ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant()
        : $"data type {dataType}";
}
