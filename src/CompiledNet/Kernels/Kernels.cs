using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CompiledNet.Generated;

/// <summary>
/// The vector kernels that generated loop layers call for their inner loops. Each runs at the widest SIMD width the
/// CPU accelerates: Vector512 with FMA (AVX-512), Vector256 with FMA (AVX2), Vector&lt;T&gt; (Arm64, SSE-only x64), or
/// one element at a time. The choice is a JIT-time constant, and these kernels are inlined into the generated layer
/// loops, which call them once per neuron.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Kernels
{
    /// <summary>
    /// The SIMD width, in bits, the kernels run at in this process: 512 (AVX-512), 256 (AVX2), the width of
    /// <see cref="Vector{T}"/> (128 on Arm64 or a baseline NativeAOT build), or 0 where no width is accelerated.
    /// </summary>
    public static int VectorWidthBits => Lanes.Best switch
    {
        LaneWidth.Bits512 => 512,
        LaneWidth.Bits256 => 256,
        LaneWidth.Vector => Vector<byte>.Count * 8,
        _ => 0,
    };

    /// <summary>Σ x_i y_i over two spans of equal length; vector lanes use fused multiply-adds where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        return Lanes.Best switch
        {
            LaneWidth.Bits512 => Dot<T, Vector512<T>, Lanes512<T>>(ref xRef, ref yRef, x.Length),
            LaneWidth.Bits256 => Dot<T, Vector256<T>, Lanes256<T>>(ref xRef, ref yRef, x.Length),
            LaneWidth.Vector => Dot<T, Vector<T>, LanesVector<T>>(ref xRef, ref yRef, x.Length),
            _ => Dot<T, T, LanesScalar<T>>(ref xRef, ref yRef, x.Length),
        };
    }

    /// <summary>destination_i += scale · x_i over two spans of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, T scale, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(destination.Length, x.Length, nameof(destination));
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: MultiplyAdd<T, Vector512<T>, Lanes512<T>>(ref xRef, scale, ref dRef, x.Length); break;
            case LaneWidth.Bits256: MultiplyAdd<T, Vector256<T>, Lanes256<T>>(ref xRef, scale, ref dRef, x.Length); break;
            case LaneWidth.Vector: MultiplyAdd<T, Vector<T>, LanesVector<T>>(ref xRef, scale, ref dRef, x.Length); break;
            default: MultiplyAdd<T, T, LanesScalar<T>>(ref xRef, scale, ref dRef, x.Length); break;
        }
    }

    /// <summary>
    /// One row of a fused SGD step: weights_i += negativeLearningRate · (dz · input_i), the arithmetic of accumulating
    /// dz·input into a zeroed gradient and then stepping by it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SgdStepRow<T>(Span<T> weights, ReadOnlySpan<T> input, T dz, T negativeLearningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(input.Length, weights.Length, nameof(input));
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T x = ref MemoryMarshal.GetReference(input);
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: SgdStepRow<T, Vector512<T>, Lanes512<T>>(ref w, ref x, dz, negativeLearningRate, weights.Length); break;
            case LaneWidth.Bits256: SgdStepRow<T, Vector256<T>, Lanes256<T>>(ref w, ref x, dz, negativeLearningRate, weights.Length); break;
            case LaneWidth.Vector: SgdStepRow<T, Vector<T>, LanesVector<T>>(ref w, ref x, dz, negativeLearningRate, weights.Length); break;
            default: SgdStepRow<T, T, LanesScalar<T>>(ref w, ref x, dz, negativeLearningRate, weights.Length); break;
        }
    }

    /// <summary>
    /// One row of a fused SGD step on a layer that passes its delta back, in one pass over the weights:
    /// inputDelta_i += dz · weights_i (the weight before the step), then weights_i += negativeLearningRate · (dz · input_i).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BackPropagateAndSgdStepRow<T>(Span<T> weights, ReadOnlySpan<T> input, T dz, T negativeLearningRate, Span<T> inputDelta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(input.Length, weights.Length, nameof(input));
        Guard.Length(inputDelta.Length, weights.Length, nameof(inputDelta));
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T d = ref MemoryMarshal.GetReference(inputDelta);
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: BackPropagateAndSgdStepRow<T, Vector512<T>, Lanes512<T>>(ref w, ref x, dz, negativeLearningRate, ref d, weights.Length); break;
            case LaneWidth.Bits256: BackPropagateAndSgdStepRow<T, Vector256<T>, Lanes256<T>>(ref w, ref x, dz, negativeLearningRate, ref d, weights.Length); break;
            case LaneWidth.Vector: BackPropagateAndSgdStepRow<T, Vector<T>, LanesVector<T>>(ref w, ref x, dz, negativeLearningRate, ref d, weights.Length); break;
            default: BackPropagateAndSgdStepRow<T, T, LanesScalar<T>>(ref w, ref x, dz, negativeLearningRate, ref d, weights.Length); break;
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
            // Four sums, so the adds do not wait on each other: with one, Trainer's check of W3's 101,770 gradients
            // after every batch took as long as the optimizer's step.
            int width = Vector<T>.Count;
            Vector<T> acc0 = Vector<T>.Zero, acc1 = Vector<T>.Zero, acc2 = Vector<T>.Zero, acc3 = Vector<T>.Zero;
            for (; i <= values.Length - (4 * width); i += 4 * width)
            {
                Vector<T> v0 = VectorMemory.Load(ref start, i), v1 = VectorMemory.Load(ref start, i + width);
                Vector<T> v2 = VectorMemory.Load(ref start, i + (2 * width)), v3 = VectorMemory.Load(ref start, i + (3 * width));
                acc0 += v0 - v0;
                acc1 += v1 - v1;
                acc2 += v2 - v2;
                acc3 += v3 - v3;
            }

            for (; i <= values.Length - width; i += width)
            {
                Vector<T> v = VectorMemory.Load(ref start, i);
                acc0 += v - v;
            }

            sum = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < values.Length; i++)
        {
            T v = Unsafe.Add(ref start, i);
            sum += v - v;
        }

        return sum == T.Zero;
    }
}
