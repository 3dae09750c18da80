using System.Numerics;

namespace CompiledNet;

/// <summary>An optimizer whose step size is a learning rate that a schedule may change between steps.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public interface ILearningRateOptimizer<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The learning rate the next <see cref="IOptimizer{T}.Step"/> uses. Finite and ≥ 0 (the constructor asks for
    /// &gt; 0; zero is accepted here so a schedule may anneal all the way down).
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    double LearningRate { get; set; }
}
