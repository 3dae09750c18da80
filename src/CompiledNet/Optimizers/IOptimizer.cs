using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>Updates a network's flat parameter span from its accumulated gradients.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
/// <remarks>
/// An optimizer with per-parameter state (moments, step sizes) sizes that state to the parameters on its first
/// <see cref="Step"/> and is bound to that length until <see cref="Reset"/>.
/// </remarks>
public interface IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Applies one update. <paramref name="gradientScale"/> turns the accumulated sum into the mean the step uses
    /// (1 / samples in the batch), so the update sees gradientScale·gradients; the gradients are never rewritten.
    /// Allocates only on the first call (to size the optimizer's state), never after.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> and <paramref name="parameters"/> differ in length, or the length differs from
    /// the one the optimizer's state was sized for.
    /// </exception>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale);

    /// <summary>
    /// Forgets all state (moments, step sizes, step count), so the next <see cref="Step"/> behaves like a first
    /// one and may use a different parameter length. Hyperparameters are kept.
    /// </summary>
    void Reset();
}
