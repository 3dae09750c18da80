using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>
/// The settings, moments, step count and update loop that <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share;
/// they differ only in how weight decay enters (an L2 term in the gradient, or a decoupled shrink of the parameters).
/// </summary>
internal sealed class AdamCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _decoupledDecay;
    private readonly T _l2;
    private readonly T _beta1T;
    private readonly T _beta2T;
    private readonly T _oneMinusBeta1;
    private readonly T _oneMinusBeta2;
    private readonly T _epsilon;
    private double _learningRate;
    private T[]? _firstMoment;
    private T[]? _secondMoment;
    private int _boundLength = OptimizerState.Unbound;
    private long _stepCount;

    /// <summary>Checks the settings; <paramref name="decoupledDecay"/> is true for AdamW's p ← p·(1 − η·λ), false for Adam's λ·p in the gradient.</summary>
    public AdamCore(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupledDecay)
    {
        _learningRate = Hyperparameter.Positive(learningRate, nameof(learningRate));
        Beta1 = Hyperparameter.DecayRate(beta1, nameof(beta1));
        Beta2 = Hyperparameter.DecayRate(beta2, nameof(beta2));

        // Positive so a parameter whose gradient has always been 0 computes 0 / ε, never 0 / 0.
        Epsilon = Hyperparameter.Positive(epsilon, nameof(epsilon));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        _decoupledDecay = decoupledDecay;
        _l2 = decoupledDecay ? T.Zero : T.CreateTruncating(weightDecay);
        _beta1T = T.CreateTruncating(beta1);
        _beta2T = T.CreateTruncating(beta2);

        // 1 − β in double first: in float, 1 − 0.999f is off from 0.001 by 1e-5 relative.
        _oneMinusBeta1 = T.CreateTruncating(1 - beta1);
        _oneMinusBeta2 = T.CreateTruncating(1 - beta2);
        _epsilon = T.CreateTruncating(epsilon);
    }

    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Hyperparameter.ScheduledLearningRate(value);
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public double WeightDecay { get; }

    /// <summary>
    /// One Adam step on g = scale·gradients + λ·p (Adam), or on g = scale·gradients after shrinking p by 1 − η·λ (AdamW).
    /// </summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T scale)
    {
        if (OptimizerState.Bind(ref _boundLength, parameters.Length, gradients.Length))
        {
            _firstMoment = OptimizerState.Zeroed(_firstMoment, parameters.Length);
            _secondMoment = OptimizerState.Zeroed(_secondMoment, parameters.Length);
            _stepCount = 0;
        }

        _stepCount++;

        // Bias corrections in double, once per step: p ← p − (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
        double firstCorrection = 1 - Math.Pow(Beta1, _stepCount);
        double secondCorrection = 1 - Math.Pow(Beta2, _stepCount);
        T stepSize = T.CreateTruncating(_learningRate / firstCorrection);
        T inverseSqrtSecondCorrection = T.CreateTruncating(1 / Math.Sqrt(secondCorrection));
        double parameterDecay = _decoupledDecay ? 1 - _learningRate * WeightDecay : 1;
        Update(parameters, gradients, scale, _l2, T.CreateTruncating(parameterDecay), stepSize, inverseSqrtSecondCorrection);
    }

    public void Reset() => _boundLength = OptimizerState.Unbound;

    private void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T scale, T l2, T parameterDecay, T stepSize, T inverseSqrtSecondCorrection)
    {
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        ref T m = ref MemoryMarshal.GetArrayDataReference(_firstMoment!);
        ref T v = ref MemoryMarshal.GetArrayDataReference(_secondMoment!);
        T beta1 = _beta1T;
        T beta2 = _beta2T;
        T oneMinusBeta1 = _oneMinusBeta1;
        T oneMinusBeta2 = _oneMinusBeta2;
        T epsilon = _epsilon;
        int length = parameters.Length;
        int i = 0;
        if (VectorMemory.UseVectors<T>(length))
        {
            Vector<T> scaleV = new(scale);
            Vector<T> l2V = new(l2);
            Vector<T> decayV = new(parameterDecay);
            Vector<T> beta1V = new(beta1);
            Vector<T> beta2V = new(beta2);
            Vector<T> oneMinusBeta1V = new(oneMinusBeta1);
            Vector<T> oneMinusBeta2V = new(oneMinusBeta2);
            Vector<T> epsilonV = new(epsilon);
            Vector<T> stepSizeV = new(stepSize);
            Vector<T> correctionV = new(inverseSqrtSecondCorrection);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pv = VectorMemory.Load(ref p, i);
                Vector<T> gv = scaleV * VectorMemory.Load(ref g, i) + l2V * pv;
                Vector<T> mv = beta1V * VectorMemory.Load(ref m, i) + oneMinusBeta1V * gv;
                Vector<T> vv = beta2V * VectorMemory.Load(ref v, i) + oneMinusBeta2V * gv * gv;
                Vector<T> denominator = Vector.SquareRoot(vv) * correctionV + epsilonV;
                VectorMemory.Store(mv, ref m, i);
                VectorMemory.Store(vv, ref v, i);
                VectorMemory.Store(pv * decayV - stepSizeV * mv / denominator, ref p, i);
            }
        }

        for (; i < length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = scale * Unsafe.Add(ref g, i) + l2 * pi;
            T mi = beta1 * Unsafe.Add(ref m, i) + oneMinusBeta1 * gi;
            T vi = beta2 * Unsafe.Add(ref v, i) + oneMinusBeta2 * gi * gi;
            T denominator = T.Sqrt(vi) * inverseSqrtSecondCorrection + epsilon;
            Unsafe.Add(ref m, i) = mi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref p, i) = pi * parameterDecay - stepSize * mi / denominator;
        }
    }
}
