using System;

namespace CompiledNet.Onnx;

/// <summary>
/// An ONNX model could not be read into a network (the bytes are not a valid model, or the graph is not a chain
/// CompiledNet can import into the network's declared layers), or could not be written. The message names the file
/// where there is one and, for a graph CompiledNet refuses, the node (its name, index and operator).
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public OnnxModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
