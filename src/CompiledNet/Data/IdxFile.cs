using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

/// <summary>
/// Reads the IDX format of the MNIST family of data sets (MNIST, Fashion-MNIST, KMNIST), plain or gzipped.
/// </summary>
/// <remarks>
/// <para>
/// An IDX file starts with a big-endian magic number: two zero bytes, a type code (0x08 for unsigned bytes, the
/// only type read here) and the number of dimensions. A big-endian 32-bit size follows for each dimension, then the
/// values, row-major. Image files have three dimensions (images, rows, columns), magic 0x00000803; label files have
/// one (labels), magic 0x00000801.
/// </para>
/// <para>
/// A file that starts with the gzip signature 1F 8B is decompressed on the fly with <see cref="GZipStream"/>,
/// whatever its name. Everything is checked: the magic number, every dimension, and that the data is exactly as long
/// as the header says. A file that fails a check throws <see cref="InvalidDataException"/> naming the file, what
/// was expected and what was found.
/// </para>
/// </remarks>
public static partial class IdxFile
{
    /// <summary>The magic number of an image file: unsigned bytes, three dimensions (images, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of a label file: unsigned bytes, one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;
    private const int ReadChunk = 1 << 20;

    private static readonly string[] ImageDimensionNames = ["images", "rows", "columns"];
    private static readonly string[] LabelDimensionNames = ["labels"];

    /// <summary>Reads an IDX image file (magic 0x00000803), plain or gzipped.</summary>
    /// <param name="path">The file, such as <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <returns>The images and their size.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not an IDX image file of unsigned bytes, a row or column count is 0, or the data is shorter or
    /// longer than the header says.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImages ReadImages(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var source = new IdxSource(path);
        int[] dimensions = ReadHeader(source, ImagesMagic, ImageDimensionNames, "image");
        (int count, int rows, int columns) = (dimensions[0], dimensions[1], dimensions[2]);
        if (rows == 0 || columns == 0)
        {
            throw source.Error(Invariant($"expected images of at least 1×1 pixels but the header says {rows}×{columns}."));
        }

        long length = (long)count * rows * columns;
        byte[] pixels = ReadBody(source, length, Invariant($"{count} images of {rows}×{columns} pixels"));
        return new IdxImages(count, rows, columns, pixels);
    }

    /// <summary>Reads an IDX label file (magic 0x00000801), plain or gzipped.</summary>
    /// <param name="path">The file, such as <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <returns>One byte per label.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not an IDX label file of unsigned bytes, or the data is shorter or longer than the header says.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var source = new IdxSource(path);
        int[] dimensions = ReadHeader(source, LabelsMagic, LabelDimensionNames, "label");
        return ReadBody(source, dimensions[0], Invariant($"{dimensions[0]} labels"));
    }

    private static int[] ReadHeader(IdxSource source, int expectedMagic, string[] dimensionNames, string kind)
    {
        int headerLength = 4 + (4 * dimensionNames.Length);
        string expected = Invariant($"the magic number 0x{expectedMagic:X8} (two zero bytes, type code 0x08 for unsigned bytes, {dimensionNames.Length} {Dimensions(dimensionNames.Length)})");
        Span<byte> header = stackalloc byte[headerLength];
        int read = source.ReadAtMost(header[..4]);
        if (read < 4)
        {
            throw source.Error(Invariant($"the IDX header is truncated: expected {headerLength} bytes starting with {expected}, but the {source.Content} ends after {read} {Bytes(read)}."));
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            throw source.Error(Invariant($"not an IDX {kind} file: expected {expected} but found 0x{magic:X8}, {MagicProblem(header, dimensionNames.Length)}."));
        }

        read += source.ReadAtMost(header[4..]);
        if (read < headerLength)
        {
            throw source.Error(Invariant($"the IDX header is truncated: expected {headerLength} bytes (the magic number and {dimensionNames.Length} {Dimensions(dimensionNames.Length)} of 4 bytes each), but the {source.Content} ends after {read} {Bytes(read)}."));
        }

        var dimensions = new int[dimensionNames.Length];
        for (int d = 0; d < dimensions.Length; d++)
        {
            uint value = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4 + (4 * d), 4));
            if (value > int.MaxValue)
            {
                throw source.Error(Invariant($"expected a number of {dimensionNames[d]} from 0 to {int.MaxValue} in the header but found {value}."));
            }

            dimensions[d] = (int)value;
        }

        return dimensions;
    }

    // Says which part of a wrong magic number is wrong: the zero bytes, the type code or the dimension count.
    private static string MagicProblem(ReadOnlySpan<byte> magic, int expectedDimensions)
    {
        if (magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return "the gzip signature (is the file compressed twice?)";
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            return Invariant($"whose first two bytes are 0x{magic[0]:X2} 0x{magic[1]:X2} instead of zero (is this an IDX file at all?)");
        }

        if (magic[2] != UnsignedByteType)
        {
            return Invariant($"whose type code is 0x{magic[2]:X2} where 0x08 (unsigned byte) is the only type read");
        }

        string hint = (magic[3], expectedDimensions) switch
        {
            (1, 3) => " (this looks like a label file)",
            (3, 1) => " (this looks like an image file)",
            _ => string.Empty,
        };
        return Invariant($"whose dimension count is {magic[3]} where {expectedDimensions} {(expectedDimensions == 1 ? "is" : "are")} expected{hint}");
    }

    private static byte[] ReadBody(IdxSource source, long length, string promised)
    {
        if (length > Array.MaxLength)
        {
            throw source.Error(Invariant($"the header promises {promised}, {length} bytes, more than one array can hold ({Array.MaxLength})."));
        }

        // Grow towards the promised length rather than trusting it up front, so a truncated file whose header
        // promises gigabytes fails without allocating them.
        var data = new byte[(int)Math.Min(length, ReadChunk)];
        long filled = 0;
        while (filled < length)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            }

            int read = source.ReadAtMost(data.AsSpan((int)filled));
            if (read == 0)
            {
                throw source.Error(Invariant($"the data is truncated: the header promises {promised} ({length} bytes after the header), but the {source.Content} holds only {filled}."));
            }

            filled += read;
        }

        Span<byte> extra = stackalloc byte[1];
        if (source.ReadAtMost(extra) != 0)
        {
            throw source.Error(Invariant($"the data is longer than the header says: it promises {promised} ({length} bytes after the header), but the {source.Content} goes on past them."));
        }

        return data;
    }

    private static string Dimensions(int count) => count == 1 ? "dimension" : "dimensions";

    private static string Bytes(long count) => count == 1 ? "byte" : "bytes";

    /// <summary>An open IDX file, decompressed when it is gzipped, that names itself in every error.</summary>
    private sealed class IdxSource : IDisposable
    {
        private readonly FileStream _file;
        private readonly Stream _stream;

        public IdxSource(string path)
        {
            Path = path;
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            Span<byte> signature = stackalloc byte[2];
            int read = _file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            _file.Position = 0;
            IsGzipped = read == 2 && signature[0] == 0x1F && signature[1] == 0x8B;
            _stream = IsGzipped ? new GZipStream(_file, CompressionMode.Decompress) : _file;
        }

        public string Path { get; }

        public bool IsGzipped { get; }

        /// <summary>What the lengths in messages count: the file, or its decompressed content.</summary>
        public string Content => IsGzipped ? "decompressed file" : "file";

        /// <summary>Fills as much of <paramref name="buffer"/> as the data allows; fewer bytes means the data ended.</summary>
        public int ReadAtMost(Span<byte> buffer)
        {
            try
            {
                return _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidDataException(Invariant($"{Path}: the gzip data is corrupt: {exception.Message}"), exception);
            }
        }

        public InvalidDataException Error(string problem) => new(Invariant($"{Path}: {problem}"));

        public void Dispose()
        {
            _stream.Dispose();
            _file.Dispose();
        }
    }
}
