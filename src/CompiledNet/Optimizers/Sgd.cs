using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as PyTorch's
/// <c>torch.optim.SGD</c> with dampening 0. Per parameter, with g the mean gradient:
/// <code>
/// g ← g + λ·p                       (weight decay λ)
/// b ← μ·b + g                       (momentum μ; b starts at 0, so the first b is g)
/// d ← nesterov ? g + μ·b : b        (d = g when μ = 0)
/// p ← p − η·d
/// </code>
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class Sgd<T> : ILearningRateOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T _weightDecay;
    private double _learningRate;
    private T[]? _velocity;
    private int _boundLength = OptimizerState.Unbound;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size η; positive and finite.</param>
    /// <param name="momentum">The momentum μ in [0, 1); 0 turns momentum off and keeps no state.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum; needs <paramref name="momentum"/> &gt; 0.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, or Nesterov is asked for without momentum.</exception>
    public Sgd(double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0)
    {
        _learningRate = Hyperparameter.Positive(learningRate, nameof(learningRate));
        Momentum = Hyperparameter.DecayRate(momentum, nameof(momentum));
        if (nesterov && momentum == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Nesterov momentum needs a momentum > 0.");
        }

        Nesterov = nesterov;
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        _momentum = T.CreateTruncating(momentum);
        _weightDecay = T.CreateTruncating(weightDecay);
    }

    /// <inheritdoc />
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Hyperparameter.ScheduledLearningRate(value);
    }

    /// <summary>The momentum μ; 0 when momentum is off.</summary>
    public double Momentum { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        if (OptimizerState.Bind(ref _boundLength, parameters.Length, gradients.Length) && Momentum > 0)
        {
            _velocity = OptimizerState.Zeroed(_velocity, parameters.Length);
        }

        T learningRate = T.CreateTruncating(_learningRate);
        if (_velocity is null)
        {
            StepWithoutMomentum(parameters, gradients, gradientScale, learningRate);
        }
        else
        {
            StepWithMomentum(parameters, gradients, gradientScale, learningRate, _velocity);
        }
    }

    /// <inheritdoc />
    public void Reset() => _boundLength = OptimizerState.Unbound;

    private void StepWithoutMomentum(Span<T> parameters, ReadOnlySpan<T> gradients, T scale, T learningRate)
    {
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        T decay = _weightDecay;
        int length = parameters.Length;
        int i = 0;
        if (VectorMemory.UseVectors<T>(length))
        {
            Vector<T> scaleV = new(scale);
            Vector<T> decayV = new(decay);
            Vector<T> rateV = new(learningRate);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pv = VectorMemory.Load(ref p, i);
                Vector<T> gv = scaleV * VectorMemory.Load(ref g, i) + decayV * pv;
                VectorMemory.Store(pv - rateV * gv, ref p, i);
            }
        }

        for (; i < length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = scale * Unsafe.Add(ref g, i) + decay * pi;
            Unsafe.Add(ref p, i) = pi - learningRate * gi;
        }
    }

    private void StepWithMomentum(Span<T> parameters, ReadOnlySpan<T> gradients, T scale, T learningRate, T[] velocity)
    {
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        ref T b = ref MemoryMarshal.GetArrayDataReference(velocity);
        T decay = _weightDecay;
        T momentum = _momentum;
        bool nesterov = Nesterov;
        int length = parameters.Length;
        int i = 0;
        if (VectorMemory.UseVectors<T>(length))
        {
            Vector<T> scaleV = new(scale);
            Vector<T> decayV = new(decay);
            Vector<T> rateV = new(learningRate);
            Vector<T> momentumV = new(momentum);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pv = VectorMemory.Load(ref p, i);
                Vector<T> gv = scaleV * VectorMemory.Load(ref g, i) + decayV * pv;
                Vector<T> bv = momentumV * VectorMemory.Load(ref b, i) + gv;
                Vector<T> direction = nesterov ? gv + momentumV * bv : bv;
                VectorMemory.Store(bv, ref b, i);
                VectorMemory.Store(pv - rateV * direction, ref p, i);
            }
        }

        for (; i < length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = scale * Unsafe.Add(ref g, i) + decay * pi;
            T bi = momentum * Unsafe.Add(ref b, i) + gi;
            T direction = nesterov ? gi + momentum * bi : bi;
            Unsafe.Add(ref b, i) = bi;
            Unsafe.Add(ref p, i) = pi - learningRate * direction;
        }
    }
}
