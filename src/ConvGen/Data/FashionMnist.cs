using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ConvGen;

/// <summary>
/// Loads Fashion-MNIST (Zalando's 28×28 grey clothing images, 60,000 for training and 10,000 for testing) from the
/// first folder that holds its four IDX files (gzip-compressed or not): the folder given, then
/// <c>~/.keras/datasets/fashion-mnist</c>, then <c>/usr/share/datasets/fashion-mnist</c> (Debian's
/// <c>dataset-fashion-mnist</c> package).
/// </summary>
public static class FashionMnist
{
    /// <summary>The command that installs the data set on Debian and Ubuntu.</summary>
    public const string InstallCommand = "apt-get install dataset-fashion-mnist";

    /// <summary>The ten classes, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    private static readonly string[] Files = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> SearchFolders(string? dataDirectory)
    {
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(dataDirectory))
        {
            folders.Add(dataDirectory);
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            folders.Add(Path.Combine(home, ".keras", "datasets", "fashion-mnist"));
        }

        folders.Add("/usr/share/datasets/fashion-mnist");
        return folders;
    }

    /// <summary>Finds the folder holding all four files, or null.</summary>
    public static string? Locate(string? dataDirectory = null) =>
        SearchFolders(dataDirectory).FirstOrDefault(folder => Files.All(f => Find(folder, f) != null));

    /// <summary>Loads the training and test sets; throws <see cref="FileNotFoundException"/> saying how to get the data.</summary>
    public static (ImageDataset Train, ImageDataset Test) Load(string? dataDirectory = null)
    {
        string? folder = Locate(dataDirectory);
        if (folder is null)
        {
            throw new FileNotFoundException(
                "Fashion-MNIST was not found. Looked for " + string.Join(", ", Files.Select(f => f + "[.gz]")) + " in: " +
                string.Join("; ", SearchFolders(dataDirectory)) + ". Install it with `" + InstallCommand + "` (as root, e.g. through sudo; run `apt-get update` first on a fresh machine), or put the four files in one of those folders " +
                "(or in a folder passed as --data DIR).");
        }

        return (Read(folder, Files[0], Files[1]), Read(folder, Files[2], Files[3]));
    }

    private static ImageDataset Read(string folder, string images, string labels)
    {
        string imagePath = Find(folder, images)!, labelPath = Find(folder, labels)!;
        var (imageDims, pixels) = IdxFile.ReadBytes(imagePath, 3);
        var (labelDims, labelBytes) = IdxFile.ReadBytes(labelPath, 1);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"'{imagePath}' holds {imageDims[0]} images but '{labelPath}' holds {labelDims[0]} labels.");
        }

        if (labelBytes.Any(l => l > 9))
        {
            throw new InvalidDataException($"'{labelPath}' holds a label above 9; Fashion-MNIST has 10 classes.");
        }

        return new ImageDataset(pixels, labelBytes, imageDims[1], imageDims[2], 1, 10, ClassNames);
    }

    private static string? Find(string folder, string name)
    {
        foreach (string candidate in new[] { Path.Combine(folder, name + ".gz"), Path.Combine(folder, name) })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
