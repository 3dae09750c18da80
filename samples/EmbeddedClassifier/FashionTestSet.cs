using System;
using System.IO;
using CompiledNet;

namespace EmbeddedClassifier;

/// <summary>The 10,000 test images of Fashion-MNIST and their labels, read with the runtime's IDX reader.</summary>
internal sealed class FashionTestSet
{
    /// <summary>The ten classes, in label order.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>28 × 28 greyscale pixels per image.</summary>
    public const int ImageSide = 28;

    private const string ImagesName = "t10k-images-idx3-ubyte";
    private const string LabelsName = "t10k-labels-idx1-ubyte";

    private readonly IdxImages _images;
    private readonly byte[] _labels;

    private FashionTestSet(IdxImages images, byte[] labels)
    {
        _images = images;
        _labels = labels;
    }

    /// <summary>The number of images.</summary>
    public int Count => _images.Count;

    /// <summary>Reads the test files from <paramref name="directory"/>, gzipped or not.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to get them.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, or does not hold 28×28 images with labels 0 to 9.</exception>
    public static FashionTestSet Load(string directory)
    {
        string? imagesPath = Find(directory, ImagesName);
        string? labelsPath = Find(directory, LabelsName);
        if (imagesPath is null || labelsPath is null)
        {
            throw new FileNotFoundException(
                $"{directory}: the Fashion-MNIST test files ({ImagesName}.gz and {LabelsName}.gz) are not there; " +
                "install them with 'sudo apt-get install dataset-fashion-mnist' or pass --data DIR.");
        }

        IdxImages images = IdxFile.ReadImages(imagesPath);
        byte[] labels = IdxFile.ReadLabels(labelsPath);
        if (images.Rows != ImageSide || images.Columns != ImageSide)
        {
            throw new InvalidDataException($"{imagesPath} holds {images.Rows}×{images.Columns} images; the network takes {ImageSide}×{ImageSide} images.");
        }

        if (images.Count != labels.Length)
        {
            throw new InvalidDataException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels.");
        }

        int bad = Array.FindIndex(labels, label => label >= ClassNames.Length);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{labelsPath}: label {bad} is {labels[bad]}; expected 0 to {ClassNames.Length - 1}.");
        }

        return new FashionTestSet(images, labels);
    }

    /// <summary>The true class of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Image <paramref name="index"/> as a PGM image (maxval 255), the form every input goes through.</summary>
    public PgmImage Image(int index) => new(ImageSide, ImageSide, byte.MaxValue, _images.Image(index).ToArray());

    /// <summary>Every image scaled to [0, 1] as in training, back to back: the evaluation's inputs.</summary>
    public float[] AllInputs()
    {
        int size = ImageSide * ImageSide;
        var inputs = new float[Count * size];
        for (int i = 0; i < Count; i++)
        {
            Image(i).ScaleTo(inputs.AsSpan(i * size, size));
        }

        return inputs;
    }

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
