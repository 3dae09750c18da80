using System;
using System.Collections.Generic;
using System.IO;
using CompiledNet;

namespace FashionMnist;

/// <summary>The training set (60,000 images) and the test set (10,000) of Fashion-MNIST, as data sets.</summary>
/// <param name="Training">The training images, all of them or the first <see cref="SampleOptions.TrainLimit"/>.</param>
/// <param name="Test">The 10,000 test images.</param>
internal sealed record FashionDataSets(DataSet<float> Training, DataSet<float> Test);

/// <summary>Finds and loads the four IDX files of Fashion-MNIST, and says how to install them when they are missing.</summary>
internal static class FashionData
{
    /// <summary>The package that installs the files in <see cref="SampleOptions.DefaultDataDirectory"/>.</summary>
    public const string PackageName = "dataset-fashion-mnist";

    /// <summary>The ten classes, in label order.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>28 × 28 greyscale pixels per image.</summary>
    public const int ImageSide = 28;

    private const string TrainingImages = "train-images-idx3-ubyte";
    private const string TrainingLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte";
    private const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>The files missing from <paramref name="directory"/>, by their gzipped names; empty when all four are there.</summary>
    public static IReadOnlyList<string> MissingFiles(string directory)
    {
        var missing = new List<string>();
        foreach (string name in (string[])[TrainingImages, TrainingLabels, TestImages, TestLabels])
        {
            if (Find(directory, name) is null)
            {
                missing.Add(name + ".gz");
            }
        }

        return missing;
    }

    /// <summary>What to tell someone whose data folder lacks <paramref name="missing"/>.</summary>
    public static string MissingDataMessage(string directory, IReadOnlyList<string> missing) =>
        $"""
        Fashion-MNIST was not found in {directory} (missing: {string.Join(", ", missing)}).
        Install it with:

            sudo apt-get install {PackageName}

        which puts the four files in {SampleOptions.DefaultDataDirectory}, or pass --data DIR for a folder that
        holds them (gzipped or not): {TrainingImages}, {TrainingLabels}, {TestImages}, {TestLabels}.
        """;

    /// <summary>Loads both sets with pixels scaled to [0, 1] and one-hot targets.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install them.</exception>
    /// <exception cref="InvalidDataException">A file is not what it should be.</exception>
    public static FashionDataSets Load(string directory, int? trainLimit)
    {
        IReadOnlyList<string> missing = MissingFiles(directory);
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(MissingDataMessage(directory, missing), Path.Combine(directory, missing[0]));
        }

        DataSet<float> training = IdxFile.LoadDataSet<float>(Find(directory, TrainingImages)!, Find(directory, TrainingLabels)!, ClassNames.Length);
        DataSet<float> test = IdxFile.LoadDataSet<float>(Find(directory, TestImages)!, Find(directory, TestLabels)!, ClassNames.Length);
        if (training.InputSize != ImageSide * ImageSide || test.InputSize != ImageSide * ImageSide)
        {
            throw new InvalidDataException($"Fashion-MNIST images are {ImageSide}×{ImageSide} pixels, but the files in {directory} hold images of {training.InputSize} and {test.InputSize} pixels.");
        }

        if (trainLimit is { } limit && limit < training.Count)
        {
            training = training.Take(limit);
        }

        return new FashionDataSets(training, test);
    }

    // The gzipped file as Debian installs it, or the same file unpacked.
    private static string? Find(string directory, string name)
    {
        foreach (string candidate in (string[])[name + ".gz", name])
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
