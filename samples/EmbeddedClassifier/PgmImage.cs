using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace EmbeddedClassifier;

/// <summary>
/// A greyscale Netpbm image (PGM) with at most 8 bits per pixel: binary "P5" or plain-text "P2", maxval 1 to 255.
/// Reading checks everything and throws <see cref="FormatException"/> naming the file and the numbers; nothing else.
/// </summary>
/// <remarks>
/// Stands alone (no CompiledNet types) because the test project compiles this file too.
/// </remarks>
internal sealed class PgmImage
{
    /// <summary>Wraps <paramref name="pixels"/> (row-major, 0 is black); the array is not copied.</summary>
    /// <exception cref="ArgumentException">A size is not positive, maxval is not 1 to 255, or the pixels do not fit them.</exception>
    public PgmImage(int width, int height, int maxValue, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValue, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxValue, byte.MaxValue);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException(Invariant($"A {width}×{height} image has {(long)width * height} pixels, not {pixels.Length}."), nameof(pixels));
        }

        int brightest = pixels.Length == 0 ? 0 : MaxOf(pixels);
        if (brightest > maxValue)
        {
            throw new ArgumentException(Invariant($"A pixel is {brightest}, above maxval {maxValue}."), nameof(pixels));
        }

        Width = width;
        Height = height;
        MaxValue = maxValue;
        Pixels = pixels;
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>The value of white: 1 to 255.</summary>
    public int MaxValue { get; }

    /// <summary>The pixels, row-major, each from 0 (black) to <see cref="MaxValue"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>Reads a PGM file, optionally requiring a size.</summary>
    /// <exception cref="FormatException">The file is not a valid 8-bit PGM, or not of <paramref name="requiredSize"/>.</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static PgmImage Read(string path, (int Width, int Height)? requiredSize = null) =>
        Parse(File.ReadAllBytes(path), path, requiredSize);

    /// <summary>Parses the bytes of a PGM file; <paramref name="name"/> starts every error message.</summary>
    /// <exception cref="FormatException">The bytes are not a valid 8-bit PGM, or not of <paramref name="requiredSize"/>.</exception>
    public static PgmImage Parse(ReadOnlySpan<byte> bytes, string name, (int Width, int Height)? requiredSize = null)
    {
        if (bytes.Length < 2 || bytes[0] != 'P' || (bytes[1] != '5' && bytes[1] != '2'))
        {
            string start = bytes.Length == 0 ? "is empty" : "starts with " + Hex(bytes[..Math.Min(2, bytes.Length)]);
            throw Error(name, $"is not a greyscale PGM: expected the magic \"P5\" (binary) or \"P2\" (plain), but the file {start}.");
        }

        bool plain = bytes[1] == '2';
        int position = 2;
        int width = ReadNumber(bytes, ref position, name, "width");
        int height = ReadNumber(bytes, ref position, name, "height");
        int maxValue = ReadNumber(bytes, ref position, name, "maxval");
        if (width == 0 || height == 0)
        {
            throw Error(name, $"is {width}×{height} pixels; an image needs at least one row and one column.");
        }

        if (maxValue == 0 || maxValue > byte.MaxValue)
        {
            throw Error(name, $"has maxval {maxValue}; expected 1 to 255 (8-bit greyscale).");
        }

        if (requiredSize is { } size && (width != size.Width || height != size.Height))
        {
            throw Error(name, $"is {width}×{height} pixels, but a {size.Width}×{size.Height} image is required.");
        }

        long count = (long)width * height;
        byte[] pixels = plain
            ? ReadPlainPixels(bytes, position, count, maxValue, name, width)
            : ReadBinaryPixels(bytes, position, count, maxValue, name, width);
        return new PgmImage(width, height, maxValue, pixels);
    }

    /// <summary>
    /// Each pixel divided by maxval: for maxval 255 exactly the float that IdxFile.LoadDataSet makes of the same byte
    /// (value / 255 in float), so a test image exported to PGM gets the network's inputs bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> does not hold one value per pixel.</exception>
    public void ScaleTo(Span<float> inputs)
    {
        if (inputs.Length != Pixels.Length)
        {
            throw new ArgumentException(Invariant($"{Pixels.Length} pixels need {Pixels.Length} inputs, not {inputs.Length}."), nameof(inputs));
        }

        float white = MaxValue;
        for (int i = 0; i < Pixels.Length; i++)
        {
            inputs[i] = Pixels[i] / white;
        }
    }

    /// <summary>The image as a binary (P5) PGM file.</summary>
    public byte[] ToP5()
    {
        byte[] header = Encoding.ASCII.GetBytes(Invariant($"P5\n{Width} {Height}\n{MaxValue}\n"));
        byte[] file = new byte[header.Length + Pixels.Length];
        header.CopyTo(file, 0);
        Pixels.CopyTo(file, header.Length);
        return file;
    }

    /// <summary>The image as a plain-text (P2) PGM file, one row per line.</summary>
    public byte[] ToP2()
    {
        var text = new StringBuilder(Invariant($"P2\n{Width} {Height}\n{MaxValue}\n"));
        for (int row = 0; row < Height; row++)
        {
            for (int column = 0; column < Width; column++)
            {
                text.Append(column == 0 ? "" : " ").Append(Pixels[(row * Width) + column].ToString(CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Writes the image as a binary (P5) PGM file.</summary>
    public void WriteP5(string path) => File.WriteAllBytes(path, ToP5());

    private static byte[] ReadBinaryPixels(ReadOnlySpan<byte> bytes, int position, long count, int maxValue, string name, int width)
    {
        // Exactly one whitespace byte ends the header: the next byte is the first pixel, whatever its value.
        if (position >= bytes.Length || !IsWhitespace(bytes[position]))
        {
            throw Error(name, $"has no whitespace after maxval at byte {position}; the header is cut short or malformed.");
        }

        position++;
        long available = bytes.Length - position;
        if (available < count)
        {
            throw Error(name, $"is truncated: a {width}×{count / width} image needs {count} bytes of pixels after the header, but the file holds {available}.");
        }

        if (available > count)
        {
            throw Error(name, $"has {available - count} bytes after the {count} pixels of its {width}×{count / width} image.");
        }

        byte[] pixels = bytes.Slice(position, (int)count).ToArray();
        for (int i = 0; i < pixels.Length; i++)
        {
            if (pixels[i] > maxValue)
            {
                throw Error(name, $"has pixel {pixels[i]} at row {i / width}, column {i % width}, above its maxval {maxValue}.");
            }
        }

        return pixels;
    }

    private static byte[] ReadPlainPixels(ReadOnlySpan<byte> bytes, int position, long count, int maxValue, string name, int width)
    {
        // Every value takes at least one byte: refuse a header promising more before allocating for it.
        long available = bytes.Length - position;
        if (available < count)
        {
            throw Error(name, $"is truncated: a {width}×{count / width} image needs {count} pixel values, but only {available} bytes follow the header.");
        }

        var pixels = new byte[count];
        for (int i = 0; i < pixels.Length; i++)
        {
            int value = ReadNumber(bytes, ref position, name, Invariant($"pixel value {i + 1} of {count}"));
            if (value > maxValue)
            {
                throw Error(name, $"has pixel {value} at row {i / width}, column {i % width}, above its maxval {maxValue}.");
            }

            pixels[i] = (byte)value;
        }

        SkipWhitespaceAndComments(bytes, ref position);
        if (position < bytes.Length)
        {
            throw Error(name, $"has data after its {count} pixel values, at byte {position} of {bytes.Length}.");
        }

        return pixels;
    }

    /// <summary>Reads a decimal number after whitespace and comments; it must end at whitespace, a comment or the end.</summary>
    private static int ReadNumber(ReadOnlySpan<byte> bytes, ref int position, string name, string what)
    {
        SkipWhitespaceAndComments(bytes, ref position);
        if (position >= bytes.Length)
        {
            throw Error(name, $"is truncated: it ends at byte {bytes.Length} before the {what}.");
        }

        int start = position;
        long value = 0;
        while (position < bytes.Length && bytes[position] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (bytes[position] - '0');
            if (value > int.MaxValue)
            {
                throw Error(name, $"has a {what} at byte {start} above {int.MaxValue}.");
            }

            position++;
        }

        if (position == start || (position < bytes.Length && !IsWhitespace(bytes[position]) && bytes[position] != '#'))
        {
            throw Error(name, $"has {Hex(bytes.Slice(position, 1))} at byte {position} where the {what} (a decimal number) was expected.");
        }

        return (int)value;
    }

    private static void SkipWhitespaceAndComments(ReadOnlySpan<byte> bytes, ref int position)
    {
        while (position < bytes.Length)
        {
            if (IsWhitespace(bytes[position]))
            {
                position++;
            }
            else if (bytes[position] == '#')
            {
                // A comment runs to the end of its line.
                while (position < bytes.Length && bytes[position] != '\n' && bytes[position] != '\r')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static int MaxOf(byte[] values)
    {
        int max = 0;
        foreach (byte value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte value in bytes)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(Invariant($"0x{value:X2}"));
            if (value is >= 0x21 and < 0x7F)
            {
                text.Append(Invariant($" '{(char)value}'"));
            }
        }

        return text.ToString();
    }

    private static FormatException Error(string name, FormattableString problem) => new(name + " " + Invariant(problem));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
