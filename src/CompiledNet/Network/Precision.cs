namespace CompiledNet;

/// <summary>The scalar type a network's generated code computes in.</summary>
/// <remarks>The numeric values are part of the generator contract and of weight files: do not renumber.</remarks>
public enum Precision
{
    /// <summary>32-bit <see cref="float"/>: the network implements <see cref="INetwork{T}"/> of float.</summary>
    Single = 0,

    /// <summary>64-bit <see cref="double"/>: the network implements <see cref="INetwork{T}"/> of double.</summary>
    Double = 1,
}
