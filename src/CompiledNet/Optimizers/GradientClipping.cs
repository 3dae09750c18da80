using System;
using System.Numerics;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>
/// Clipping by global L2 norm, as PyTorch's <c>clip_grad_norm_</c> (without its 1e-6 guard, so a clipped gradient's
/// norm is exactly the limit), expressed as a change to the gradient scale so the gradients are never rewritten.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// The gradient scale that caps the norm of the mean gradient at <paramref name="maxNorm"/>:
    /// gradientScale·min(1, maxNorm / ‖gradientScale·g‖₂). Pass the result to
    /// <see cref="IOptimizer{T}.Step"/> as its gradientScale. Allocates nothing.
    /// </summary>
    /// <param name="gradients">The accumulated gradients g.</param>
    /// <param name="gradientScale">The scale that turns g into the mean gradient (1 / batch size).</param>
    /// <param name="maxNorm">The largest L2 norm the scaled gradient may have; positive and finite.</param>
    /// <returns>
    /// <paramref name="gradientScale"/> itself when the norm is within the limit, or when it is NaN or infinite
    /// (clipping cannot repair a non-finite gradient, so it is passed on unhidden); otherwise a smaller scale.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static T ClipScale<T>(ReadOnlySpan<T> gradients, T gradientScale, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Hyperparameter.Positive(maxNorm, nameof(maxNorm));
        double norm = double.CreateTruncating(T.Abs(gradientScale)) * Norm(gradients);
        if (!double.IsFinite(norm) || norm <= maxNorm)
        {
            return gradientScale;
        }

        return gradientScale * T.CreateTruncating(maxNorm / norm);
    }

    /// <summary>‖g‖₂, still finite when Σg² overflows <typeparamref name="T"/> but every g is finite.</summary>
    private static double Norm<T>(ReadOnlySpan<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sumOfSquares = Kernels.Dot(gradients, gradients);
        if (T.IsFinite(sumOfSquares))
        {
            return Math.Sqrt(double.CreateTruncating(sumOfSquares));
        }

        // Rare (huge gradients, or a NaN): rescale by the largest magnitude so the squares cannot overflow.
        // A scalar loop is fine on this path.
        T largest = T.Zero;
        foreach (T g in gradients)
        {
            largest = T.Max(largest, T.Abs(g));
        }

        double limit = double.CreateTruncating(largest);
        if (!double.IsFinite(limit))
        {
            return limit;
        }

        double sum = 0;
        foreach (T g in gradients)
        {
            double ratio = double.CreateTruncating(g) / limit;
            sum += ratio * ratio;
        }

        return limit * Math.Sqrt(sum);
    }
}
