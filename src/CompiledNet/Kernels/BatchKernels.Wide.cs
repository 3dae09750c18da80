using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet.Generated;

// The 512-bit blocks: four rows by four vectors, sixteen accumulators (DenseForward's here, MultiplyRows's with its
// strips in BatchKernels.Strips.cs). AVX-512 has 32 vector registers, so the block and its four operand vectors stay
// in registers; AVX2's 16 would spill, so narrower widths keep the 4×2 blocks.
// At 512 bits the 4×2 blocks ran a 32-sample 784→128 product at 45-68% of the FMA peak: eight accumulators barely
// cover the FMA latency, and each multiply-add needed most of a load.
public static partial class BatchKernels
{
    /// <summary>Whether the sixteen-accumulator blocks fit this width's registers.</summary>
    private static bool UseWideBlocks<T, TVector>()
        where T : unmanaged
        where TVector : struct =>
        typeof(TVector) == typeof(Vector512<T>);

    /// <summary>Four samples by four neurons of <see cref="DenseForward{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotBlock4x4<T, TVector, TLanes>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int b, int o, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        ref T x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(inputs), b * inputSize);
        ref T x1 = ref Unsafe.Add(ref x0, inputSize);
        ref T x2 = ref Unsafe.Add(ref x1, inputSize);
        ref T x3 = ref Unsafe.Add(ref x2, inputSize);
        ref T w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), o * inputSize);
        ref T w1 = ref Unsafe.Add(ref w0, inputSize);
        ref T w2 = ref Unsafe.Add(ref w1, inputSize);
        ref T w3 = ref Unsafe.Add(ref w2, inputSize);
        TVector a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        TVector a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        int width = TLanes.Count;
        int i = 0;
        for (; i + width <= inputSize; i += width)
        {
            TVector v0 = TLanes.Load(ref w0, i), v1 = TLanes.Load(ref w1, i), v2 = TLanes.Load(ref w2, i), v3 = TLanes.Load(ref w3, i);
            TVector u = TLanes.Load(ref x0, i);
            a00 = TLanes.MultiplyAdd(u, v0, a00);
            a01 = TLanes.MultiplyAdd(u, v1, a01);
            a02 = TLanes.MultiplyAdd(u, v2, a02);
            a03 = TLanes.MultiplyAdd(u, v3, a03);
            u = TLanes.Load(ref x1, i);
            a10 = TLanes.MultiplyAdd(u, v0, a10);
            a11 = TLanes.MultiplyAdd(u, v1, a11);
            a12 = TLanes.MultiplyAdd(u, v2, a12);
            a13 = TLanes.MultiplyAdd(u, v3, a13);
            u = TLanes.Load(ref x2, i);
            a20 = TLanes.MultiplyAdd(u, v0, a20);
            a21 = TLanes.MultiplyAdd(u, v1, a21);
            a22 = TLanes.MultiplyAdd(u, v2, a22);
            a23 = TLanes.MultiplyAdd(u, v3, a23);
            u = TLanes.Load(ref x3, i);
            a30 = TLanes.MultiplyAdd(u, v0, a30);
            a31 = TLanes.MultiplyAdd(u, v1, a31);
            a32 = TLanes.MultiplyAdd(u, v2, a32);
            a33 = TLanes.MultiplyAdd(u, v3, a33);
        }

        ref T bias = ref Unsafe.Add(ref MemoryMarshal.GetReference(biases), o);
        ref T row = ref Unsafe.Add(ref MemoryMarshal.GetReference(z), (b * outputSize) + o);
        StoreBiasedSums<T, TVector, TLanes>(a00, a01, a02, a03, ref bias, ref x0, ref w0, i, inputSize, ref row);
        StoreBiasedSums<T, TVector, TLanes>(a10, a11, a12, a13, ref bias, ref x1, ref w0, i, inputSize, ref Unsafe.Add(ref row, outputSize));
        StoreBiasedSums<T, TVector, TLanes>(a20, a21, a22, a23, ref bias, ref x2, ref w0, i, inputSize, ref Unsafe.Add(ref row, 2 * outputSize));
        StoreBiasedSums<T, TVector, TLanes>(a30, a31, a32, a33, ref bias, ref x3, ref w0, i, inputSize, ref Unsafe.Add(ref row, 3 * outputSize));
    }

    /// <summary>
    /// row[k] = bias[k] + the lanes of a_k + Σ x[i..] · w_k[i..] over the elements past the last whole vector, for four
    /// neurons whose weight rows follow <paramref name="w0"/> <paramref name="inputSize"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBiasedSums<T, TVector, TLanes>(TVector a0, TVector a1, TVector a2, TVector a3, ref T bias, ref T x, ref T w0, int vectorEnd, int inputSize, ref T row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        if (typeof(T) == typeof(float) && typeof(TVector) == typeof(Vector512<float>) && Avx.IsSupported && vectorEnd == inputSize)
        {
            // Four horizontal sums at once: halve each vector, then two rounds of pairwise adds across the four; a
            // lane-by-lane Vector512.Sum per accumulator cost the 4×4 block about a sixth of its time.
            Vector256<float> h0 = Halves(Unsafe.BitCast<TVector, Vector512<float>>(a0)), h1 = Halves(Unsafe.BitCast<TVector, Vector512<float>>(a1));
            Vector256<float> h2 = Halves(Unsafe.BitCast<TVector, Vector512<float>>(a2)), h3 = Halves(Unsafe.BitCast<TVector, Vector512<float>>(a3));
            Vector256<float> pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(h0, h1), Avx.HorizontalAdd(h2, h3));
            Vector128<float> sums = pairs.GetLower() + pairs.GetUpper();
            ref float target = ref Unsafe.As<T, float>(ref row);
            (Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref bias)) + sums).StoreUnsafe(ref target);
            return;
        }

        T s0 = TLanes.Sum(a0), s1 = TLanes.Sum(a1), s2 = TLanes.Sum(a2), s3 = TLanes.Sum(a3);
        ref T w1 = ref Unsafe.Add(ref w0, inputSize);
        ref T w2 = ref Unsafe.Add(ref w1, inputSize);
        ref T w3 = ref Unsafe.Add(ref w2, inputSize);
        for (int i = vectorEnd; i < inputSize; i++)
        {
            T xi = Unsafe.Add(ref x, i);
            s0 += xi * Unsafe.Add(ref w0, i);
            s1 += xi * Unsafe.Add(ref w1, i);
            s2 += xi * Unsafe.Add(ref w2, i);
            s3 += xi * Unsafe.Add(ref w3, i);
        }

        row = bias + s0;
        Unsafe.Add(ref row, 1) = Unsafe.Add(ref bias, 1) + s1;
        Unsafe.Add(ref row, 2) = Unsafe.Add(ref bias, 2) + s2;
        Unsafe.Add(ref row, 3) = Unsafe.Add(ref bias, 3) + s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(Vector512<float> value) => value.GetLower() + value.GetUpper();
}
