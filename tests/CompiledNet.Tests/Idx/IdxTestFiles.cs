using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace CompiledNet.Tests.Idx;

/// <summary>A temporary folder of small IDX files written byte by byte, plain or gzipped; deleted on dispose.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("compilednet-idx-").FullName;

    /// <summary>The header of an IDX file: the magic number, then each dimension, all big-endian.</summary>
    public static byte[] Header(int magic, params int[] dimensions)
    {
        var header = new byte[4 + (4 * dimensions.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * d)), dimensions[d]);
        }

        return header;
    }

    /// <summary>A whole image file: header and pixels 0, 1, 2, ... (wrapping at 256).</summary>
    public static byte[] ImageFile(int count, int rows, int columns) =>
        [.. Header(IdxFile.ImagesMagic, count, rows, columns), .. Counting(count * rows * columns)];

    /// <summary>A whole label file holding <paramref name="labels"/>.</summary>
    public static byte[] LabelFile(params byte[] labels) => [.. Header(IdxFile.LabelsMagic, labels.Length), .. labels];

    public static byte[] Counting(int length)
    {
        var values = new byte[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (byte)i;
        }

        return values;
    }

    /// <summary>Writes <paramref name="content"/> as is and returns the path.</summary>
    public string Plain(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes <paramref name="content"/> gzipped and returns the path.</summary>
    public string Gzipped(string name, byte[] content) => Plain(name, Gzip(content));

    public static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
