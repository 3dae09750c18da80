using System;
using System.IO;
using System.Numerics;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

// Loading an image file and its label file together as a classification data set.
public static partial class IdxFile
{
    /// <summary>
    /// Reads an IDX image file and its IDX label file into a classification data set: one input row per image, its
    /// pixels scaled from 0–255 to [0, 1], and a one-hot target row of <paramref name="classCount"/> values per label.
    /// </summary>
    /// <typeparam name="T">The scalar type of the data set.</typeparam>
    /// <param name="imagesPath">The image file (magic 0x00000803), plain or gzipped.</param>
    /// <param name="labelsPath">The label file (magic 0x00000801), plain or gzipped, with one label per image.</param>
    /// <param name="classCount">The number of classes; every label must be below it.</param>
    /// <returns>The data set, with <see cref="DataSet{T}.InputSize"/> = rows × columns of one image.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in [1, 256].</exception>
    /// <exception cref="InvalidDataException">
    /// A file fails <see cref="ReadImages"/> or <see cref="ReadLabels"/>, the image file holds no images, the files
    /// hold different numbers of images and labels, or a label is not below <paramref name="classCount"/>.
    /// </exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static DataSet<T> LoadDataSet<T>(string imagesPath, string labelsPath, int classCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, byte.MaxValue + 1);
        IdxImages images = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (images.Count == 0)
        {
            throw new InvalidDataException(Invariant($"{imagesPath}: expected at least one image but the file holds none."));
        }

        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(Invariant(
                $"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels; expected one label per image."));
        }

        var classes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new InvalidDataException(Invariant(
                    $"{labelsPath}: label {i} is {labels[i]}, but expected a class from 0 to {classCount - 1} ({classCount} classes)."));
            }

            classes[i] = labels[i];
        }

        // Each of the 256 byte values divided by 255 once; 255 maps to exactly 1.
        Span<T> scaled = stackalloc T[byte.MaxValue + 1];
        for (int value = 0; value < scaled.Length; value++)
        {
            scaled[value] = T.CreateTruncating(value) / T.CreateTruncating(byte.MaxValue);
        }

        byte[] pixels = images.Pixels;
        var inputs = new T[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            inputs[i] = scaled[pixels[i]];
        }

        return DataSet<T>.FromLabels(inputs, images.PixelsPerImage, classes, classCount);
    }
}
