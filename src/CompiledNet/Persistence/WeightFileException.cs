using System;
using System.IO;

namespace CompiledNet;

/// <summary>
/// A weight file could not be loaded (it is a directory, truncated, corrupted, of another format version, or was saved
/// from a network of another architecture) or could not be saved (the path is a directory, or the system refused the
/// write). The message names the path and says what was expected and what was found; the network that was being
/// loaded into is left unchanged.
/// </summary>
public sealed class WeightFileException : IOException
{
    /// <summary>Creates the exception with a message naming the expected and found values.</summary>
    public WeightFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming the path, wrapping the system's error.</summary>
    public WeightFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
