using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>Plain stochastic gradient descent: p ← p - η·g.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class Sgd<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer with learning rate <paramref name="learningRate"/> (η).</summary>
    public Sgd(T learningRate)
    {
        if (!T.IsFinite(learningRate) || learningRate <= T.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        }

        LearningRate = learningRate;
    }

    /// <summary>The step size η.</summary>
    public T LearningRate { get; }

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        Kernels.MultiplyAdd(gradients, -LearningRate * gradientScale, parameters);
    }
}
