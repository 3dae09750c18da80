using System;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>
/// The losses the generated <c>Backward</c> calls after its forward pass. Each returns the sample's loss and writes
/// the gradient the output layer back-propagates from.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Losses
{
    /// <summary>(1/n) Σ (y - t)². Writes dLoss/dy = 2(y - t)/n into <paramref name="outputGradient"/>.</summary>
    public static T MeanSquaredError<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> outputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = output.Length;
        Guard.Length(target.Length, n, nameof(target));
        Guard.Length(outputGradient.Length, n, nameof(outputGradient));
        T scale = T.CreateTruncating(2) / T.CreateTruncating(n);
        T sum = T.Zero;
        for (int k = 0; k < n; k++)
        {
            T error = output[k] - target[k];
            sum += error * error;
            outputGradient[k] = scale * error;
        }

        return sum / T.CreateTruncating(n);
    }

    /// <summary>
    /// -Σ t ln softmax(z), computed from the logits through log-sum-exp so it stays finite when a probability underflows.
    /// Writes the fused dLoss/dz = y - t (exact when the targets sum to 1) into <paramref name="logitGradient"/>.
    /// </summary>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> probabilities, ReadOnlySpan<T> target, Span<T> logitGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = logits.Length;
        Guard.Length(probabilities.Length, n, nameof(probabilities));
        Guard.Length(target.Length, n, nameof(target));
        Guard.Length(logitGradient.Length, n, nameof(logitGradient));
        T max = logits[0];
        for (int k = 1; k < n; k++)
        {
            max = T.Max(max, logits[k]);
        }

        T sumExp = T.Zero;
        for (int k = 0; k < n; k++)
        {
            sumExp += T.Exp(logits[k] - max);
        }

        T logSumExp = max + T.Log(sumExp);
        T loss = T.Zero;
        for (int k = 0; k < n; k++)
        {
            if (target[k] != T.Zero)
            {
                loss -= target[k] * (logits[k] - logSumExp);
            }

            logitGradient[k] = probabilities[k] - target[k];
        }

        return loss;
    }

    /// <summary>
    /// -(1/n) Σ [t ln σ(z) + (1 - t) ln(1 - σ(z))], computed from the logits as max(z, 0) - zt + ln(1 + e^-|z|)
    /// so it stays finite when σ(z) rounds to 0 or 1. Writes the fused dLoss/dz = (y - t)/n into <paramref name="logitGradient"/>.
    /// </summary>
    public static T SigmoidBinaryCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> probabilities, ReadOnlySpan<T> target, Span<T> logitGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = logits.Length;
        Guard.Length(probabilities.Length, n, nameof(probabilities));
        Guard.Length(target.Length, n, nameof(target));
        Guard.Length(logitGradient.Length, n, nameof(logitGradient));
        T count = T.CreateTruncating(n);
        T sum = T.Zero;
        for (int k = 0; k < n; k++)
        {
            T z = logits[k];
            sum += T.Max(z, T.Zero) - z * target[k] + T.Log(T.One + T.Exp(-T.Abs(z)));
            logitGradient[k] = (probabilities[k] - target[k]) / count;
        }

        return sum / count;
    }
}
