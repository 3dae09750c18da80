using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>
/// Adam, as PyTorch's <c>torch.optim.Adam</c> (without AMSGrad). Per parameter, with g the mean gradient and t
/// the number of steps taken including this one:
/// <code>
/// g ← g + λ·p                       (L2 weight decay λ, added to the gradient)
/// m ← β1·m + (1 − β1)·g
/// v ← β2·v + (1 − β2)·g²
/// p ← p − η·m̂ / (√v̂ + ε),   m̂ = m / (1 − β1^t),   v̂ = v / (1 − β2^t)
/// </code>
/// With weight decay, prefer <see cref="AdamW{T}"/>: here the decay is rescaled by √v̂ like the gradient.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class Adam<T> : ILearningRateOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamCore<T> _core;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size η; positive and finite.</param>
    /// <param name="beta1">The decay β1 of the gradient's running mean, in [0, 1).</param>
    /// <param name="beta2">The decay β2 of the squared gradient's running mean, in [0, 1).</param>
    /// <param name="epsilon">The ε added to √v̂; positive and finite.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0) =>
        _core = new AdamCore<T>(learningRate, beta1, beta2, epsilon, weightDecay, decoupledDecay: false);

    /// <inheritdoc />
    public double LearningRate
    {
        get => _core.LearningRate;
        set => _core.LearningRate = value;
    }

    /// <summary>The decay β1 of the gradient's running mean.</summary>
    public double Beta1 => _core.Beta1;

    /// <summary>The decay β2 of the squared gradient's running mean.</summary>
    public double Beta2 => _core.Beta2;

    /// <summary>The ε added to √v̂.</summary>
    public double Epsilon => _core.Epsilon;

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay => _core.WeightDecay;

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale) =>
        _core.Step(parameters, gradients, gradientScale);

    /// <inheritdoc />
    public void Reset() => _core.Reset();
}
