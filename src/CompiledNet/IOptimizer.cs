using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>Updates a network's flat parameter span from its accumulated gradients.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public interface IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Applies one update. <paramref name="gradientScale"/> turns the accumulated sum into the mean the step uses
    /// (1 / samples in the batch). Must not allocate.
    /// </summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale);
}
