using System;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

/// <summary>
/// Greyscale images read from an IDX file by <see cref="IdxFile.ReadImages"/>: <see cref="Count"/> images of
/// <see cref="Rows"/> × <see cref="Columns"/> unsigned bytes, stored back to back, each row-major.
/// </summary>
public sealed class IdxImages
{
    /// <summary>Wraps pixels read from an IDX file; the array is not copied.</summary>
    /// <param name="count">The number of images.</param>
    /// <param name="rows">The height of each image in pixels.</param>
    /// <param name="columns">The width of each image in pixels.</param>
    /// <param name="pixels">The pixels, <paramref name="count"/> · <paramref name="rows"/> · <paramref name="columns"/> bytes.</param>
    /// <exception cref="ArgumentException">The array's length is not count · rows · columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or rows or columns is 0.</exception>
    public IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)count * rows * columns != pixels.Length)
        {
            throw new ArgumentException(
                Invariant($"{count} images of {rows}×{columns} pixels need {(long)count * rows * columns} bytes, but the array holds {pixels.Length}."),
                nameof(pixels));
        }

        Count = count;
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
    }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The height of each image in pixels.</summary>
    public int Rows { get; }

    /// <summary>The width of each image in pixels.</summary>
    public int Columns { get; }

    /// <summary>The number of pixels in one image: <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>All pixels, image after image, each image row-major; 0 is the background.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, Invariant($"Image {index} is outside the {Count} images."));
        }

        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
