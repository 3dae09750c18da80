using System;

namespace CompiledNet;

/// <summary>
/// A safetensors file could not be loaded into a network: it is truncated, its header is not valid JSON or not a
/// safetensors header, its offsets overlap, leave gaps, run backwards or past the data, a tensor's byte count is not its
/// shape times its dtype's size, a dtype is unknown or not loadable, or its tensors do not fit the network's layers.
/// The message says what was expected and what was found, with the numbers; the network is left unchanged.
/// </summary>
public sealed class SafeTensorsException : FormatException
{
    /// <summary>Creates the exception with a message naming the expected and found values.</summary>
    public SafeTensorsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message, wrapping the error that caused it.</summary>
    public SafeTensorsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
