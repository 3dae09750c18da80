using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>
/// Adam with decoupled weight decay, as PyTorch's <c>torch.optim.AdamW</c> (without AMSGrad): each step first
/// shrinks the parameters, p ← p·(1 − η·λ), then takes the <see cref="Adam{T}"/> step on the undecayed gradient.
/// Unlike Adam's L2 term, the decay is not rescaled by the gradient's running variance.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class AdamW<T> : ILearningRateOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamCore<T> _core;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size η; positive and finite.</param>
    /// <param name="beta1">The decay β1 of the gradient's running mean, in [0, 1).</param>
    /// <param name="beta2">The decay β2 of the squared gradient's running mean, in [0, 1).</param>
    /// <param name="epsilon">The ε added to √v̂; positive and finite.</param>
    /// <param name="weightDecay">The decoupled decay λ; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public AdamW(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01) =>
        _core = new AdamCore<T>(learningRate, beta1, beta2, epsilon, weightDecay, decoupledDecay: true);

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

    /// <summary>The decoupled weight decay λ.</summary>
    public double WeightDecay => _core.WeightDecay;

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale) =>
        _core.Step(parameters, gradients, gradientScale);

    /// <inheritdoc />
    public void Reset() => _core.Reset();
}
