using System;
using System.Numerics;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>Moves a network's parameters to and from plain arrays, for users who store weights their own way.</summary>
public static class NetworkParameters
{
    /// <summary>A copy of every parameter, in the network's documented layout.</summary>
    public static T[] ExportParameters<T>(this INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Parameters.ToArray();
    }

    /// <summary>Replaces every parameter with <paramref name="values"/>, which must be exactly as long as the network's parameters.</summary>
    /// <exception cref="ArgumentException">The length differs; the network is unchanged.</exception>
    public static void ImportParameters<T>(this INetwork<T> network, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Length(values.Length, network.ParameterCount, nameof(values));
        values.CopyTo(network.Parameters);
    }
}
