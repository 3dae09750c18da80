using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>The vector kernels that generated loop layers call for their inner loops.</summary>
public static class Kernels
{
    /// <summary>Σ x_i y_i over two spans of equal length; vector lanes use fused multiply-adds where the CPU has FMA.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        int length = x.Length;
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count)
        {
            Vector<T> acc0 = Vector<T>.Zero;
            Vector<T> acc1 = Vector<T>.Zero;
            int width = Vector<T>.Count;
            for (; i <= length - 2 * width; i += 2 * width)
            {
                acc0 = VectorMemory.MultiplyAdd(VectorMemory.Load(ref xRef, i), VectorMemory.Load(ref yRef, i), acc0);
                acc1 = VectorMemory.MultiplyAdd(VectorMemory.Load(ref xRef, i + width), VectorMemory.Load(ref yRef, i + width), acc1);
            }

            for (; i <= length - width; i += width)
            {
                acc0 = VectorMemory.MultiplyAdd(VectorMemory.Load(ref xRef, i), VectorMemory.Load(ref yRef, i), acc0);
            }

            sum = Vector.Sum(acc0 + acc1);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref xRef, i) * Unsafe.Add(ref yRef, i);
        }

        return sum;
    }

    /// <summary>destination_i += scale · x_i over two spans of equal length.</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, T scale, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(destination.Length, x.Length, nameof(destination));
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int length = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count)
        {
            Vector<T> factor = new(scale);
            int width = Vector<T>.Count;
            for (; i <= length - width; i += width)
            {
                Vector<T> updated = VectorMemory.Load(ref dRef, i) + factor * VectorMemory.Load(ref xRef, i);
                VectorMemory.Store(updated, ref dRef, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dRef, i) += scale * Unsafe.Add(ref xRef, i);
        }
    }

    /// <summary>
    /// One row of a fused SGD step: weights_i += negativeLearningRate · (dz · input_i), the arithmetic of accumulating
    /// dz·input into a zeroed gradient and then stepping by it.
    /// </summary>
    public static void SgdStepRow<T>(Span<T> weights, ReadOnlySpan<T> input, T dz, T negativeLearningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(input.Length, weights.Length, nameof(input));
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T x = ref MemoryMarshal.GetReference(input);
        int i = 0;
        if (Vector.IsHardwareAccelerated && weights.Length >= Vector<T>.Count)
        {
            var gradientScale = new Vector<T>(dz);
            var step = new Vector<T>(negativeLearningRate);
            for (; i <= weights.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> updated = VectorMemory.Load(ref w, i) + (step * (gradientScale * VectorMemory.Load(ref x, i)));
                VectorMemory.Store(updated, ref w, i);
            }
        }

        for (; i < weights.Length; i++)
        {
            Unsafe.Add(ref w, i) += negativeLearningRate * (dz * Unsafe.Add(ref x, i));
        }
    }

    /// <summary>
    /// One row of a fused SGD step on a layer that passes its delta back, in one pass over the weights:
    /// inputDelta_i += dz · weights_i (the weight before the step), then weights_i += negativeLearningRate · (dz · input_i).
    /// </summary>
    public static void BackPropagateAndSgdStepRow<T>(Span<T> weights, ReadOnlySpan<T> input, T dz, T negativeLearningRate, Span<T> inputDelta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(input.Length, weights.Length, nameof(input));
        Guard.Length(inputDelta.Length, weights.Length, nameof(inputDelta));
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T d = ref MemoryMarshal.GetReference(inputDelta);
        int i = 0;
        if (Vector.IsHardwareAccelerated && weights.Length >= Vector<T>.Count)
        {
            var gradientScale = new Vector<T>(dz);
            var step = new Vector<T>(negativeLearningRate);
            for (; i <= weights.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> weight = VectorMemory.Load(ref w, i);
                VectorMemory.Store(VectorMemory.Load(ref d, i) + (gradientScale * weight), ref d, i);
                VectorMemory.Store(weight + (step * (gradientScale * VectorMemory.Load(ref x, i))), ref w, i);
            }
        }

        for (; i < weights.Length; i++)
        {
            T weight = Unsafe.Add(ref w, i);
            Unsafe.Add(ref d, i) += dz * weight;
            Unsafe.Add(ref w, i) = weight + (negativeLearningRate * (dz * Unsafe.Add(ref x, i)));
        }
    }

    /// <summary>Whether every value is finite (no NaN, no infinity).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // x - x is 0 for a finite x and NaN for NaN or ±∞, so one sum tells whether any value was not finite.
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            Vector<T> acc = Vector<T>.Zero;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = VectorMemory.Load(ref start, i);
                acc += v - v;
            }

            sum = Vector.Sum(acc);
        }

        for (; i < values.Length; i++)
        {
            T v = Unsafe.Add(ref start, i);
            sum += v - v;
        }

        return sum == T.Zero;
    }
}
