using System;
using System.IO;
using System.Linq;
using System.Threading;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Weights;

/// <summary>
/// A .cnet or .safetensors file the compiler was given as an AdditionalFiles item, with its bytes. The compiler offers additional
/// files only as text, and refuses binary ones (CS2015) when asked for their text, so the generator reads the bytes
/// from the item's path itself; the AdditionalText still tells the incremental pipeline when the file changed.
/// </summary>
/// <param name="Path">The item's full path, as the compiler has it.</param>
/// <param name="Bytes">The file's contents; empty when it could not be read.</param>
/// <param name="ReadError">Why the file could not be read, or null.</param>
internal sealed record WeightFileSource(string Path, EquatableArray<byte> Bytes, string? ReadError)
{
    /// <summary>CompiledNet's own weight file, as WeightFile.Save writes it.</summary>
    public const string CnetExtension = ".cnet";

    /// <summary>The format PyTorch and Hugging Face save weights in, as SafeTensors.Save writes it.</summary>
    public const string SafeTensorsExtension = ".safetensors";

    public static bool IsWeightFile(string path) => IsCnet(path) || IsSafeTensors(path);

    public static bool IsCnet(string path) => path.EndsWith(CnetExtension, StringComparison.OrdinalIgnoreCase);

    public static bool IsSafeTensors(string path) => path.EndsWith(SafeTensorsExtension, StringComparison.OrdinalIgnoreCase);

    public static WeightFileSource Read(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return new WeightFileSource(path, ReadAllBytes(path).ToEquatableArray(), null);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new WeightFileSource(path, EquatableArray<byte>.Empty, error.Message);
        }
    }

    /// <summary>Whether a file exists at <paramref name="path"/>, to tell a missing file from one not passed to the compiler.</summary>
    public static bool Exists(string path) => FileExists(path);

#pragma warning disable RS1035 // Binary additional files have no text to read: see the summary.
    private static byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    private static bool FileExists(string path) => File.Exists(path);
#pragma warning restore RS1035
}
