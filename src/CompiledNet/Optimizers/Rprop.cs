using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>
/// iRPROP− (Igel and Hüsken), the resilient backpropagation variant FANN trains with by default and PyTorch's
/// <c>torch.optim.Rprop</c> implements. Each parameter keeps its own step size Δ (starting at the initial step)
/// and moves by Δ against the sign of its gradient g; the gradient's magnitude is ignored:
/// <code>
/// if g·g_prev &gt; 0:  Δ ← min(Δ·η+, Δmax)
/// if g·g_prev &lt; 0:  Δ ← max(Δ·η−, Δmin);  g ← 0   (overshot: shrink, and skip this move)
/// p ← p − sign(g)·Δ
/// g_prev ← g
/// </code>
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
/// <remarks>
/// <para>
/// Only the sign of gradientScale·g is used, so the batch size (gradientScale = 1 / batch size) does not change
/// the step; Rprop is a full-batch method and behaves best when each step sees the whole data set. Signs are
/// compared directly rather than through the product, which could underflow to 0 for tiny gradients. A NaN
/// gradient counts as 0: the parameter does not move.
/// </para>
/// <para>
/// The defaults are FANN's (<c>rprop_delta_zero</c> 0.1, increase 1.2, decrease 0.5, <c>delta_min</c> 0,
/// <c>delta_max</c> 50). FANN's own loop differs in details this class does not copy: it also grows Δ when the
/// product is 0, floors the previous Δ at 0.0001 and clamps weights to ±1500. With <see cref="MinStep"/> 0, a
/// step size that repeated sign changes drive to 0 stays 0; pass a small positive minimum to keep it alive.
/// </para>
/// </remarks>
public sealed class Rprop<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _initialStep;
    private readonly T _increaseFactor;
    private readonly T _decreaseFactor;
    private readonly T _minStep;
    private readonly T _maxStep;
    private T[]? _stepSizes;
    private T[]? _previousGradients;
    private int _boundLength = OptimizerState.Unbound;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="initialStep">Δ0, every parameter's first step size; positive, finite, within [minStep, maxStep].</param>
    /// <param name="increaseFactor">η+, the growth of Δ while the gradient keeps its sign; finite and &gt; 1.</param>
    /// <param name="decreaseFactor">η−, the shrink of Δ when the gradient changes sign; in (0, 1).</param>
    /// <param name="minStep">Δmin, the smallest step size; finite and ≥ 0.</param>
    /// <param name="maxStep">Δmax, the largest step size; finite and ≥ <paramref name="minStep"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Rprop(double initialStep = 0.1, double increaseFactor = 1.2, double decreaseFactor = 0.5, double minStep = 0, double maxStep = 50)
    {
        InitialStep = Hyperparameter.Positive(initialStep, nameof(initialStep));
        if (!double.IsFinite(increaseFactor) || increaseFactor <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(increaseFactor), increaseFactor, "increaseFactor must be a finite number > 1.");
        }

        if (!(decreaseFactor > 0 && decreaseFactor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decreaseFactor), decreaseFactor, "decreaseFactor must be in (0, 1).");
        }

        MinStep = Hyperparameter.NonNegative(minStep, nameof(minStep));
        MaxStep = Hyperparameter.Positive(maxStep, nameof(maxStep));
        if (maxStep < minStep)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxStep), maxStep, string.Format(CultureInfo.InvariantCulture, "maxStep must be ≥ minStep ({0}).", minStep));
        }

        if (initialStep < minStep || initialStep > maxStep)
        {
            throw new ArgumentOutOfRangeException(
                nameof(initialStep),
                initialStep,
                string.Format(CultureInfo.InvariantCulture, "initialStep must be within [minStep, maxStep] = [{0}, {1}].", minStep, maxStep));
        }

        IncreaseFactor = increaseFactor;
        DecreaseFactor = decreaseFactor;
        _initialStep = T.CreateTruncating(initialStep);
        _increaseFactor = T.CreateTruncating(increaseFactor);
        _decreaseFactor = T.CreateTruncating(decreaseFactor);
        _minStep = T.CreateTruncating(minStep);
        _maxStep = T.CreateTruncating(maxStep);
    }

    /// <summary>Δ0, every parameter's first step size.</summary>
    public double InitialStep { get; }

    /// <summary>η+, the growth of Δ while the gradient keeps its sign.</summary>
    public double IncreaseFactor { get; }

    /// <summary>η−, the shrink of Δ when the gradient changes sign.</summary>
    public double DecreaseFactor { get; }

    /// <summary>Δmin, the smallest step size.</summary>
    public double MinStep { get; }

    /// <summary>Δmax, the largest step size.</summary>
    public double MaxStep { get; }

    /// <inheritdoc />
    /// <remarks>Only the sign of <paramref name="gradientScale"/>·<paramref name="gradients"/> matters.</remarks>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        if (OptimizerState.Bind(ref _boundLength, parameters.Length, gradients.Length))
        {
            _previousGradients = OptimizerState.Zeroed(_previousGradients, parameters.Length);
            _stepSizes = OptimizerState.Zeroed(_stepSizes, parameters.Length);
            _stepSizes.AsSpan().Fill(_initialStep);
        }

        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        ref T previous = ref MemoryMarshal.GetArrayDataReference(_previousGradients!);
        ref T delta = ref MemoryMarshal.GetArrayDataReference(_stepSizes!);
        T scale = gradientScale;
        T increase = _increaseFactor;
        T decrease = _decreaseFactor;
        T minStep = _minStep;
        T maxStep = _maxStep;
        int length = parameters.Length;
        int i = 0;
        if (VectorMemory.UseVectors<T>(length))
        {
            Vector<T> scaleV = new(scale);
            Vector<T> increaseV = new(increase);
            Vector<T> decreaseV = new(decrease);
            Vector<T> minStepV = new(minStep);
            Vector<T> maxStepV = new(maxStep);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> gv = scaleV * VectorMemory.Load(ref g, i);
                Vector<T> previousV = VectorMemory.Load(ref previous, i);
                Vector<T> deltaV = VectorMemory.Load(ref delta, i);
                Vector<T> positive = Vector.GreaterThan(gv, Vector<T>.Zero);
                Vector<T> negative = Vector.LessThan(gv, Vector<T>.Zero);
                Vector<T> previousPositive = Vector.GreaterThan(previousV, Vector<T>.Zero);
                Vector<T> previousNegative = Vector.LessThan(previousV, Vector<T>.Zero);
                Vector<T> sameSign = (positive & previousPositive) | (negative & previousNegative);
                Vector<T> signChanged = (positive & previousNegative) | (negative & previousPositive);
                deltaV = Vector.ConditionalSelect(
                    sameSign,
                    Vector.Min(deltaV * increaseV, maxStepV),
                    Vector.ConditionalSelect(signChanged, Vector.Max(deltaV * decreaseV, minStepV), deltaV));
                gv = Vector.ConditionalSelect(signChanged, Vector<T>.Zero, gv);
                Vector<T> move = Vector.ConditionalSelect(Vector.AndNot(positive, signChanged), deltaV, Vector<T>.Zero)
                    - Vector.ConditionalSelect(Vector.AndNot(negative, signChanged), deltaV, Vector<T>.Zero);
                VectorMemory.Store(deltaV, ref delta, i);
                VectorMemory.Store(gv, ref previous, i);
                VectorMemory.Store(VectorMemory.Load(ref p, i) - move, ref p, i);
            }
        }

        for (; i < length; i++)
        {
            T gi = scale * Unsafe.Add(ref g, i);
            T previousGradient = Unsafe.Add(ref previous, i);
            T deltaI = Unsafe.Add(ref delta, i);
            bool positive = gi > T.Zero;
            bool negative = gi < T.Zero;
            bool previousPositive = previousGradient > T.Zero;
            bool previousNegative = previousGradient < T.Zero;
            bool signChanged = (positive && previousNegative) || (negative && previousPositive);
            if ((positive && previousPositive) || (negative && previousNegative))
            {
                deltaI = T.Min(deltaI * increase, maxStep);
            }
            else if (signChanged)
            {
                deltaI = T.Max(deltaI * decrease, minStep);
                gi = T.Zero;
            }

            // Written as the vector path's two selects, so both paths round identically.
            T move = (positive && !signChanged ? deltaI : T.Zero) - (negative && !signChanged ? deltaI : T.Zero);
            Unsafe.Add(ref delta, i) = deltaI;
            Unsafe.Add(ref previous, i) = gi;
            Unsafe.Add(ref p, i) -= move;
        }
    }

    /// <inheritdoc />
    public void Reset() => _boundLength = OptimizerState.Unbound;
}
