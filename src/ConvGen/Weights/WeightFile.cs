using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Text;

namespace ConvGen;

/// <summary>
/// ConvGen's weight file, little-endian: the magic <c>CGWT</c>, format version (1), the network's name, the tensor
/// count, then per tensor its name, rank, dimensions and float32 values; last, the CRC-32 (IEEE 802.3, as zip and PNG
/// use it: <see cref="Crc32"/>) of everything before it. Files are written to a temporary file in the same folder and
/// renamed, so a crash never leaves a half-written file under the name. Reading checks everything before anything is
/// handed back. Every error names the path it was given.
/// </summary>
public static class WeightFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    private static readonly byte[] Magic = "CGWT"u8.ToArray();

    /// <summary>A named tensor of a weight file.</summary>
    public sealed record Tensor(string Name, IReadOnlyList<int> Shape, float[] Values);

    /// <summary>Writes <paramref name="tensors"/> of network <paramref name="network"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, string network, IReadOnlyList<Tensor> tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(tensors);
        for (int i = 0; i < tensors.Count; i++)
        {
            Check(tensors[i], i);
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full))
        {
            throw new IOException($"Cannot save weights to '{path}': it is a folder.");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot save weights to '{path}': the folder '{folder}' does not exist.");
        }

        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(network);
            w.Write(tensors.Count);
            foreach (Tensor t in tensors)
            {
                w.Write(t.Name);
                w.Write(t.Shape.Count);
                foreach (int d in t.Shape)
                {
                    w.Write(d);
                }

                foreach (float v in t.Values)
                {
                    w.Write(v);
                }
            }

            w.Write(Crc32.HashToUInt32(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }

        string temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                body.Position = 0;
                body.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The error names the temporary file; the caller knows the path it gave.
            throw new IOException($"Cannot save weights to '{path}': {ex.Message}", ex);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads and checks a weight file; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static (string Network, IReadOnlyList<Tensor> Tensors) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"Weight file '{path}' is a folder, not a file.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Invalid(path, "it does not start with the ConvGen weight-file magic 'CGWT'");
        }

        if (bytes.Length < Magic.Length + 8)
        {
            throw Invalid(path, "it is truncated");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != Version)
        {
            throw Invalid(path, $"it is format version {version}; this build reads version {Version}");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        uint actual = Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4));
        if (stored != actual)
        {
            throw Invalid(path, $"its checksum does not match (stored 0x{stored:X8}, computed 0x{actual:X8}): the file is corrupt or truncated");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, bytes.Length - Magic.Length - 8), Encoding.UTF8);
            string network = r.ReadString();
            int count = r.ReadInt32();
            if (count < 0 || count > 100_000)
            {
                throw Invalid(path, $"it claims {count} tensors");
            }

            var tensors = new List<Tensor>(count);
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                int rank = r.ReadInt32();
                if (rank < 1 || rank > 8)
                {
                    throw Invalid(path, $"tensor '{name}' has rank {rank}");
                }

                var shape = new int[rank];
                long length = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = r.ReadInt32();
                    if (shape[d] < 1)
                    {
                        throw Invalid(path, $"tensor '{name}' has dimension {shape[d]}");
                    }

                    length *= shape[d];
                }

                if (length * 4 > r.BaseStream.Length - r.BaseStream.Position)
                {
                    throw Invalid(path, $"tensor '{name}' needs {length * 4} bytes but only {r.BaseStream.Length - r.BaseStream.Position} remain");
                }

                var values = new float[length];
                for (long k = 0; k < length; k++)
                {
                    values[k] = r.ReadSingle();
                }

                tensors.Add(new Tensor(name, shape, values));
            }

            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                throw Invalid(path, $"{r.BaseStream.Length - r.BaseStream.Position} unexpected bytes follow the last tensor");
            }

            return (network, tensors);
        }
        catch (EndOfStreamException)
        {
            throw Invalid(path, "it ends inside its header or a tensor");
        }
    }

    // A tensor the format can hold and read back: a name, rank 1..8, positive dimensions, as many values as they make.
    private static void Check(Tensor tensor, int index)
    {
        if (tensor is null || tensor.Name is null || tensor.Shape is null || tensor.Values is null)
        {
            throw new ArgumentException($"Tensor {index} is null or lacks its name, shape or values.", "tensors");
        }

        long length = 1;
        foreach (int d in tensor.Shape)
        {
            if (d < 1)
            {
                throw new ArgumentException($"Tensor {index} ('{tensor.Name}') has dimension {d}; dimensions are positive.", "tensors");
            }

            length *= d;
        }

        if (tensor.Shape.Count is < 1 or > 8 || length != tensor.Values.Length)
        {
            throw new ArgumentException($"Tensor {index} ('{tensor.Name}') of shape ({string.Join(", ", tensor.Shape)}) holds {tensor.Values.Length} values; a tensor has rank 1 to 8 and as many values as its shape says.", "tensors");
        }
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"Weight file '{path}' is invalid: {problem}.");
}
