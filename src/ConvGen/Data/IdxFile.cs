using System;
using System.IO;
using System.IO.Compression;

namespace ConvGen;

/// <summary>
/// Reads IDX files (the MNIST family's format), raw or gzip-compressed: a magic number whose third byte is the
/// element type (only unsigned bytes, 0x08, are accepted) and fourth the rank, big-endian dimensions, then the data.
/// Every inconsistency raises <see cref="InvalidDataException"/> naming the file and what was wrong.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an unsigned-byte IDX file of the expected rank; returns its dimensions and data.</summary>
    public static (int[] Dimensions, byte[] Data) ReadBytes(string path, int expectedRank)
    {
        byte[] raw = File.ReadAllBytes(path);
        byte[] bytes = IsGzip(raw) ? Decompress(raw, path) : raw;
        return Parse(bytes, expectedRank, path);
    }

    /// <summary>Parses IDX content already in memory; <paramref name="source"/> names it in errors.</summary>
    public static (int[] Dimensions, byte[] Data) Parse(byte[] bytes, int expectedRank, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length < 4)
        {
            throw Invalid(source, $"it holds {bytes.Length} bytes, fewer than the 4 of an IDX magic number");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw Invalid(source, $"the magic number starts 0x{bytes[0]:X2}{bytes[1]:X2}, not 0x0000: this is not an IDX file");
        }

        if (bytes[2] != UnsignedByte)
        {
            throw Invalid(source, $"its element type is 0x{bytes[2]:X2}; expected 0x08 (unsigned byte)");
        }

        int rank = bytes[3];
        if (rank != expectedRank)
        {
            throw Invalid(source, $"its rank is {rank}; expected {expectedRank}");
        }

        int header = 4 + 4 * rank;
        if (bytes.Length < header)
        {
            throw Invalid(source, $"it is truncated inside its header ({bytes.Length} of {header} bytes)");
        }

        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = (uint)(bytes[4 + 4 * i] << 24 | bytes[5 + 4 * i] << 16 | bytes[6 + 4 * i] << 8 | bytes[7 + 4 * i]);
            if (d == 0 || d > int.MaxValue)
            {
                throw Invalid(source, $"dimension {i} is {d}; expected 1..{int.MaxValue}");
            }

            dims[i] = (int)d;
            count *= d;
        }

        if (header + count > bytes.Length)
        {
            throw Invalid(source, $"it is truncated: dimensions {string.Join("x", dims)} need {count} data bytes but {bytes.Length - header} follow the header");
        }

        if (header + count < bytes.Length)
        {
            throw Invalid(source, $"{bytes.Length - header - count} bytes follow the {count} data bytes its dimensions {string.Join("x", dims)} describe");
        }

        return (dims, bytes.AsSpan(header, (int)count).ToArray());
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    private static byte[] Decompress(byte[] raw, string path)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(path, "its gzip stream is corrupt or truncated (" + ex.Message + ")");
        }
        catch (EndOfStreamException)
        {
            throw Invalid(path, "its gzip stream is truncated");
        }
    }

    private static InvalidDataException Invalid(string source, string problem) =>
        new($"IDX file '{source}' is invalid: {problem}.");
}
