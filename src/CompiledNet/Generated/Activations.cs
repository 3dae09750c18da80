using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CompiledNet.Generated;

/// <summary>
/// The activations whose formulas are too long to read well inline in generated code (SiLU, GELU) and the
/// softmax, whose Jacobian couples every output. The element-wise derivatives of the others are emitted inline.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    // √(2/π), the GELU tanh approximation's scale.
    private const double GeluScale = 0.7978845608028654;
    private const double GeluCubic = 0.044715;

    /// <summary>SiLU: z·σ(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SiLU<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T> => z / (T.One + T.Exp(-z));

    /// <summary>d SiLU / dz = σ(z)(1 + z(1 - σ(z))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SiLUDerivative<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sigmoid = T.One / (T.One + T.Exp(-z));
        return sigmoid * (T.One + z * (T.One - sigmoid));
    }

    /// <summary>GELU, tanh approximation: ½z(1 + tanh(√(2/π)(z + 0.044715z³))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Gelu<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        T inner = T.CreateTruncating(GeluScale) * (z + T.CreateTruncating(GeluCubic) * z * z * z);
        return half * z * (T.One + T.Tanh(inner));
    }

    /// <summary>d GELU / dz for the tanh approximation: ½(1 + t) + ½z(1 - t²)·√(2/π)(1 + 3·0.044715z²), t = tanh(inner).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GeluDerivative<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        T cubic = T.CreateTruncating(GeluCubic);
        T scale = T.CreateTruncating(GeluScale);
        T t = T.Tanh(scale * (z + cubic * z * z * z));
        T innerDerivative = scale * (T.One + T.CreateTruncating(3) * cubic * z * z);
        return half * (T.One + t) + half * z * (T.One - t * t) * innerDerivative;
    }

    /// <summary>
    /// y = max(z, 0) over a whole layer at once, vectorised, with Math.Max's results exactly: a NaN passes through, and
    /// −0 becomes +0. <paramref name="y"/> may be <paramref name="z"/> itself.
    /// </summary>
    public static void ReLU<T>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(y.Length, z.Length, nameof(y));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= z.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(z.Slice(i));
                Vector<T> keep = Vector.BitwiseOr(Vector.GreaterThan(v, Vector<T>.Zero), Vector.OnesComplement(Vector.Equals(v, v)));
                Vector.ConditionalSelect(keep, v, Vector<T>.Zero).CopyTo(y.Slice(i));
            }
        }

        for (; i < z.Length; i++)
        {
            y[i] = T.Max(z[i], T.Zero);
        }
    }

    /// <summary>delta[i] *= (y[i] &gt; 0 ? 1 : 0): ReLU's derivative applied in place, vectorised, with the same products as the inline form.</summary>
    public static void ReLUBackward<T>(ReadOnlySpan<T> y, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(delta.Length, y.Length, nameof(delta));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= y.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> slope = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(y.Slice(i)), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
                (new Vector<T>(delta.Slice(i)) * slope).CopyTo(delta.Slice(i));
            }
        }

        for (; i < y.Length; i++)
        {
            delta[i] *= y[i] > T.Zero ? T.One : T.Zero;
        }
    }

    /// <summary>
    /// y = tanh z over a whole layer at once, vectorised (System.Numerics.Tensors); <paramref name="y"/> may be
    /// <paramref name="z"/> itself. Looped layers call this instead of one scalar tanh per neuron.
    /// </summary>
    public static void Tanh<T>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.Tanh(z, y);

    /// <summary>y = 1 / (1 + e^-z) over a whole layer at once, vectorised; <paramref name="y"/> may be <paramref name="z"/> itself.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.Sigmoid(z, y);

    /// <summary>Writes softmax(<paramref name="logits"/>) into <paramref name="probabilities"/>, shifting by the maximum so no exponent overflows.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probabilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(probabilities.Length, logits.Length, nameof(probabilities));
        T max = logits[0];
        for (int k = 1; k < logits.Length; k++)
        {
            max = T.Max(max, logits[k]);
        }

        T sum = T.Zero;
        for (int k = 0; k < logits.Length; k++)
        {
            T e = T.Exp(logits[k] - max);
            probabilities[k] = e;
            sum += e;
        }

        T inverse = T.One / sum;
        for (int k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] *= inverse;
        }
    }

    /// <summary>
    /// Turns dLoss/dy into dLoss/dz in place through the softmax Jacobian: g_j ← y_j (g_j - Σ_k g_k y_k).
    /// Used when a softmax output is trained on a loss other than cross-entropy.
    /// </summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> probabilities, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(gradient.Length, probabilities.Length, nameof(gradient));
        T dot = T.Zero;
        for (int k = 0; k < probabilities.Length; k++)
        {
            dot += gradient[k] * probabilities[k];
        }

        for (int k = 0; k < probabilities.Length; k++)
        {
            gradient[k] = probabilities[k] * (gradient[k] - dot);
        }
    }
}
