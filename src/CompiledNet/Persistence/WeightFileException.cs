using System.IO;

namespace CompiledNet;

/// <summary>
/// A weight file could not be loaded: it is truncated, corrupted, of another format version, or was saved from a
/// network of another architecture. The message says what was expected and what was found; the network that was
/// being loaded into is left unchanged.
/// </summary>
public sealed class WeightFileException : IOException
{
    /// <summary>Creates the exception with a message naming the expected and found values.</summary>
    public WeightFileException(string message)
        : base(message)
    {
    }
}
