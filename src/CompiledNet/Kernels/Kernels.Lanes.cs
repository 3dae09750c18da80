using System.Numerics;
using System.Runtime.CompilerServices;

namespace CompiledNet.Generated;

/// <summary>
/// The bodies of the vector kernels, written once over <see cref="ILanes{TVector, T}"/>: a vector loop at the
/// width's lane count, then a scalar tail. The public kernels pick the width; tests call every width directly.
/// Each body is inlined into its public kernel, whose width switch the JIT folds to one case: the generated code
/// calls these kernels once per neuron, so an extra call level would cost more than the switch saves.
/// </summary>
public static partial class Kernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Dot<T, TVector, TLanes>(ref T x, ref T y, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        int i = 0;
        T sum = T.Zero;
        if (length >= width)
        {
            // Two accumulators, so consecutive fused multiply-adds do not wait on each other.
            TVector acc0 = TLanes.Zero;
            TVector acc1 = TLanes.Zero;
            for (; i <= length - (2 * width); i += 2 * width)
            {
                acc0 = TLanes.MultiplyAdd(TLanes.Load(ref x, i), TLanes.Load(ref y, i), acc0);
                acc1 = TLanes.MultiplyAdd(TLanes.Load(ref x, i + width), TLanes.Load(ref y, i + width), acc1);
            }

            for (; i <= length - width; i += width)
            {
                acc0 = TLanes.MultiplyAdd(TLanes.Load(ref x, i), TLanes.Load(ref y, i), acc0);
            }

            sum = TLanes.Sum(TLanes.Add(acc0, acc1));
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyAdd<T, TVector, TLanes>(ref T x, T scale, ref T destination, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        int i = 0;
        TVector factor = TLanes.Create(scale);
        for (; i <= length - width; i += width)
        {
            TLanes.Store(TLanes.Add(TLanes.Load(ref destination, i), TLanes.Multiply(factor, TLanes.Load(ref x, i))), ref destination, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref destination, i) += scale * Unsafe.Add(ref x, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SgdStepRow<T, TVector, TLanes>(ref T weights, ref T input, T dz, T negativeLearningRate, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        int i = 0;
        TVector gradientScale = TLanes.Create(dz);
        TVector step = TLanes.Create(negativeLearningRate);
        for (; i <= length - width; i += width)
        {
            // Unfused on purpose: the same two roundings as forming the gradient and then stepping by it.
            TVector gradient = TLanes.Multiply(gradientScale, TLanes.Load(ref input, i));
            TLanes.Store(TLanes.Add(TLanes.Load(ref weights, i), TLanes.Multiply(step, gradient)), ref weights, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref weights, i) += negativeLearningRate * (dz * Unsafe.Add(ref input, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BackPropagateAndSgdStepRow<T, TVector, TLanes>(ref T weights, ref T input, T dz, T negativeLearningRate, ref T inputDelta, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        int i = 0;
        TVector gradientScale = TLanes.Create(dz);
        TVector step = TLanes.Create(negativeLearningRate);
        for (; i <= length - width; i += width)
        {
            TVector weight = TLanes.Load(ref weights, i);
            TLanes.Store(TLanes.Add(TLanes.Load(ref inputDelta, i), TLanes.Multiply(gradientScale, weight)), ref inputDelta, i);
            TVector gradient = TLanes.Multiply(gradientScale, TLanes.Load(ref input, i));
            TLanes.Store(TLanes.Add(weight, TLanes.Multiply(step, gradient)), ref weights, i);
        }

        for (; i < length; i++)
        {
            T weight = Unsafe.Add(ref weights, i);
            Unsafe.Add(ref inputDelta, i) += dz * weight;
            Unsafe.Add(ref weights, i) = weight + (negativeLearningRate * (dz * Unsafe.Add(ref input, i)));
        }
    }
}
