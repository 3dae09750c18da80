using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>
/// RMSprop, as PyTorch's <c>torch.optim.RMSprop</c> without momentum and not centered. Per parameter, with g the
/// mean gradient:
/// <code>
/// g ← g + λ·p                       (L2 weight decay λ)
/// v ← α·v + (1 − α)·g²              (v starts at 0, with no bias correction, so early steps are larger)
/// p ← p − η·g / (√v + ε)
/// </code>
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class RmsProp<T> : ILearningRateOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha;
    private readonly T _oneMinusAlpha;
    private readonly T _epsilon;
    private readonly T _weightDecay;
    private double _learningRate;
    private T[]? _squareAverage;
    private int _boundLength = OptimizerState.Unbound;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size η; positive and finite.</param>
    /// <param name="alpha">The decay α of the squared gradient's running mean, in [0, 1).</param>
    /// <param name="epsilon">The ε added to √v; positive and finite.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public RmsProp(double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0)
    {
        _learningRate = Hyperparameter.Positive(learningRate, nameof(learningRate));
        Alpha = Hyperparameter.DecayRate(alpha, nameof(alpha));

        // Positive so a parameter whose gradient has always been 0 computes 0 / ε, never 0 / 0.
        Epsilon = Hyperparameter.Positive(epsilon, nameof(epsilon));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        _alpha = T.CreateTruncating(alpha);
        _oneMinusAlpha = T.CreateTruncating(1 - alpha);
        _epsilon = T.CreateTruncating(epsilon);
        _weightDecay = T.CreateTruncating(weightDecay);
    }

    /// <inheritdoc />
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Hyperparameter.ScheduledLearningRate(value);
    }

    /// <summary>The decay α of the squared gradient's running mean.</summary>
    public double Alpha { get; }

    /// <summary>The ε added to √v.</summary>
    public double Epsilon { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        if (OptimizerState.Bind(ref _boundLength, parameters.Length, gradients.Length))
        {
            _squareAverage = OptimizerState.Zeroed(_squareAverage, parameters.Length);
        }

        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        ref T v = ref MemoryMarshal.GetArrayDataReference(_squareAverage!);
        T scale = gradientScale;
        T learningRate = T.CreateTruncating(_learningRate);
        T decay = _weightDecay;
        T alpha = _alpha;
        T oneMinusAlpha = _oneMinusAlpha;
        T epsilon = _epsilon;
        int length = parameters.Length;
        int i = 0;
        if (VectorMemory.UseVectors<T>(length))
        {
            Vector<T> scaleV = new(scale);
            Vector<T> rateV = new(learningRate);
            Vector<T> decayV = new(decay);
            Vector<T> alphaV = new(alpha);
            Vector<T> oneMinusAlphaV = new(oneMinusAlpha);
            Vector<T> epsilonV = new(epsilon);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pv = VectorMemory.Load(ref p, i);
                Vector<T> gv = scaleV * VectorMemory.Load(ref g, i) + decayV * pv;
                Vector<T> vv = alphaV * VectorMemory.Load(ref v, i) + oneMinusAlphaV * gv * gv;
                VectorMemory.Store(vv, ref v, i);
                VectorMemory.Store(pv - rateV * gv / (Vector.SquareRoot(vv) + epsilonV), ref p, i);
            }
        }

        for (; i < length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = scale * Unsafe.Add(ref g, i) + decay * pi;
            T vi = alpha * Unsafe.Add(ref v, i) + oneMinusAlpha * gi * gi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref p, i) = pi - learningRate * gi / (T.Sqrt(vi) + epsilon);
        }
    }

    /// <inheritdoc />
    public void Reset() => _boundLength = OptimizerState.Unbound;
}
