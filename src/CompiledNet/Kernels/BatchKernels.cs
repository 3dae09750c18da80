using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CompiledNet.Generated;

/// <summary>
/// The matrix kernels of batched training: small GEMMs, register-blocked (four rows by two vectors of accumulators)
/// and, for the product that reads a long matrix many times, ordered so the reused block stays in the L1 cache.
/// Matrices are row-major spans; the generated BackwardBatch calls these for every layer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class BatchKernels
{
    /// <summary>The most bytes of the matrix one strip of <see cref="MultiplyRows{T}"/> reads per pass: half of a 32 KB L1.</summary>
    private const int L1SliceBytes = 16384;

    /// <summary>
    /// z[b, o] = biases[o] + Σ_i inputs[b, i] · weights[o, i] for <paramref name="count"/> samples: a dense layer's
    /// weighted sums over a batch. Both operands are read along i, so each block of four samples and two neurons
    /// keeps eight vector accumulators.
    /// </summary>
    public static void DenseForward<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int count, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(weights.Length, outputSize * inputSize, nameof(weights));
        Guard.Length(biases.Length, outputSize, nameof(biases));
        CheckAtLeast(inputs.Length, count * inputSize, nameof(inputs));
        CheckAtLeast(z.Length, count * outputSize, nameof(z));
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: DenseForward<T, Vector512<T>, Lanes512<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            case LaneWidth.Bits256: DenseForward<T, Vector256<T>, Lanes256<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            case LaneWidth.Vector: DenseForward<T, Vector<T>, LanesVector<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            default: DenseForward<T, T, LanesScalar<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
        }
    }

    // Inlining, chosen by measurement. The per-sample block is inlined: as a call it passes four spans on the stack,
    // which cost W2's 64-32-10 forward pass 15 to 20% of its time. The batch's 4×2 block is never inlined here:
    // inside this method its row pointers spilled to the stack, which doubled a 32-sample 784→128 layer's time, and
    // each call does hundreds of fused multiply-adds, so the call itself costs nothing. (MultiplyRows's 4×2 block
    // inlines without spilling, and was a little faster inlined.)
    // DenseForward itself is left to the JIT: forcing it inline into the generated layers made W2's forward pass and
    // W3's 32-sample batch slower.
    internal static void DenseForward<T, TVector, TLanes>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int count, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int b = 0;
        for (; b + 4 <= count; b += 4)
        {
            int o = 0;
            if (UseWideBlocks<T, TVector>())
            {
                for (; o + 4 <= outputSize; o += 4)
                {
                    DotBlock4x4<T, TVector, TLanes>(weights, biases, inputs, z, b, o, inputSize, outputSize);
                }
            }

            for (; o + 2 <= outputSize; o += 2)
            {
                RowProducts4x2<T, TVector, TLanes, StartFromBiases>(inputs, weights, z, b, o, inputSize, outputSize, biases);
            }

            for (; o < outputSize; o++)
            {
                for (int r = 0; r < 4; r++)
                {
                    z[((b + r) * outputSize) + o] = biases[o] + DotRow<T, TVector, TLanes>(inputs, (b + r) * inputSize, weights, o * inputSize, inputSize);
                }
            }
        }

        for (; b < count; b++)
        {
            // A lone sample (inference, or per-sample training). A large layer with AVX-512 floats: the row-streaming kernel.
            if (typeof(T) == typeof(float) && typeof(TLanes) == typeof(Lanes512<T>) && DenseRowKernels.Handles(inputSize, outputSize))
            {
                DenseRowKernels.DenseForward(
                    MemoryMarshal.Cast<T, float>(weights), MemoryMarshal.Cast<T, float>(biases), MemoryMarshal.Cast<T, float>(inputs.Slice(b * inputSize, inputSize)),
                    MemoryMarshal.Cast<T, float>(z.Slice(b * outputSize, outputSize)), inputSize, outputSize);
                continue;
            }

            // Otherwise four neurons at a time share each load of the input.
            int o = 0;
            for (; o + 4 <= outputSize; o += 4)
            {
                DotBlock1x4<T, TVector, TLanes>(weights, biases, inputs, z, b, o, inputSize, outputSize);
            }

            for (; o < outputSize; o++)
            {
                z[(b * outputSize) + o] = biases[o] + DotRow<T, TVector, TLanes>(inputs, b * inputSize, weights, o * inputSize, inputSize);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotBlock1x4<T, TVector, TLanes>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int b, int o, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        ref T x = ref Unsafe.Add(ref MemoryMarshal.GetReference(inputs), b * inputSize);
        ref T w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), o * inputSize);
        ref T w1 = ref Unsafe.Add(ref w0, inputSize);
        ref T w2 = ref Unsafe.Add(ref w1, inputSize);
        ref T w3 = ref Unsafe.Add(ref w2, inputSize);

        // Two accumulators per neuron, eight in all, so consecutive multiply-adds do not wait on each other.
        TVector a0 = default, a1 = default, a2 = default, a3 = default, c0 = default, c1 = default, c2 = default, c3 = default;
        int width = TLanes.Count;
        int i = 0;
        for (; i + (2 * width) <= inputSize; i += 2 * width)
        {
            TVector u = TLanes.Load(ref x, i), v = TLanes.Load(ref x, i + width);
            a0 = TLanes.MultiplyAdd(u, TLanes.Load(ref w0, i), a0);
            a1 = TLanes.MultiplyAdd(u, TLanes.Load(ref w1, i), a1);
            a2 = TLanes.MultiplyAdd(u, TLanes.Load(ref w2, i), a2);
            a3 = TLanes.MultiplyAdd(u, TLanes.Load(ref w3, i), a3);
            c0 = TLanes.MultiplyAdd(v, TLanes.Load(ref w0, i + width), c0);
            c1 = TLanes.MultiplyAdd(v, TLanes.Load(ref w1, i + width), c1);
            c2 = TLanes.MultiplyAdd(v, TLanes.Load(ref w2, i + width), c2);
            c3 = TLanes.MultiplyAdd(v, TLanes.Load(ref w3, i + width), c3);
        }

        for (; i + width <= inputSize; i += width)
        {
            TVector u = TLanes.Load(ref x, i);
            a0 = TLanes.MultiplyAdd(u, TLanes.Load(ref w0, i), a0);
            a1 = TLanes.MultiplyAdd(u, TLanes.Load(ref w1, i), a1);
            a2 = TLanes.MultiplyAdd(u, TLanes.Load(ref w2, i), a2);
            a3 = TLanes.MultiplyAdd(u, TLanes.Load(ref w3, i), a3);
        }

        T s0 = TLanes.Sum(TLanes.Add(a0, c0)), s1 = TLanes.Sum(TLanes.Add(a1, c1)), s2 = TLanes.Sum(TLanes.Add(a2, c2)), s3 = TLanes.Sum(TLanes.Add(a3, c3));
        for (; i < inputSize; i++)
        {
            T xi = Unsafe.Add(ref x, i);
            s0 += xi * Unsafe.Add(ref w0, i);
            s1 += xi * Unsafe.Add(ref w1, i);
            s2 += xi * Unsafe.Add(ref w2, i);
            s3 += xi * Unsafe.Add(ref w3, i);
        }

        int at = (b * outputSize) + o;
        z[at] = biases[o] + s0;
        z[at + 1] = biases[o + 1] + s1;
        z[at + 2] = biases[o + 2] + s2;
        z[at + 3] = biases[o + 3] + s3;
    }

    /// <summary>
    /// c[r, :] (+)= Σ_j a(r, j) · matrix[j, :] for r &lt; <paramref name="rows"/>, j &lt; <paramref name="inner"/>, where
    /// a(r, j) = a[r·<paramref name="aRowStride"/> + j·<paramref name="aColumnStride"/>], so a may be read transposed.
    /// With a = dz (batch × outputs): dz · W is dLoss/dInput, and dzᵀ · X is dLoss/dW.
    /// </summary>
    /// <param name="a">The coefficients, read through the two strides.</param>
    /// <param name="aRowStride">The distance in <paramref name="a"/> between a(r, j) and a(r + 1, j).</param>
    /// <param name="aColumnStride">The distance in <paramref name="a"/> between a(r, j) and a(r, j + 1).</param>
    /// <param name="matrix">The <paramref name="inner"/> × <paramref name="columns"/> matrix whose rows are combined.</param>
    /// <param name="c">The <paramref name="rows"/> × <paramref name="columns"/> result.</param>
    /// <param name="rows">Rows of the result.</param>
    /// <param name="inner">Rows of <paramref name="matrix"/> combined into each result row.</param>
    /// <param name="columns">Columns of the result and of <paramref name="matrix"/>.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> (gradients) rather than overwrite it.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyRows<T>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int rows, int inner, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAtLeast(a.Length, ((rows - 1) * aRowStride) + ((inner - 1) * aColumnStride) + 1, nameof(a));
        CheckAtLeast(matrix.Length, inner * columns, nameof(matrix));
        CheckAtLeast(c.Length, rows * columns, nameof(c));
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: MultiplyRows<T, Vector512<T>, Lanes512<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            case LaneWidth.Bits256: MultiplyRows<T, Vector256<T>, Lanes256<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            case LaneWidth.Vector: MultiplyRows<T, Vector<T>, LanesVector<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            default: MultiplyRows<T, T, LanesScalar<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
        }
    }

    // Inlined, with the public kernel, into the generated layer that calls it, where the strides and sizes are
    // constants: as a call, its inner loop multiplied them out on every step, and W3's 32-sample batch took about
    // 7% longer.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyRows<T, TVector, TLanes>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int rows, int inner, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        // The width test is written out rather than called (UseWideBlocks): a typeof test folds while the JIT imports
        // this method, so below 512 bits the wide strips are never imported and cost none of its inlining budget.
        int column = 0;
        if (typeof(TVector) == typeof(Vector512<T>))
        {
            column = Strips<T, TVector, TLanes, FourVectorStrips>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate, column);
        }

        column = Strips<T, TVector, TLanes, TwoVectorStrips>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate, column);
        if (column < columns)
        {
            // The last columns, narrower than a strip: still four rows at a time, so each coefficient is read once per
            // block rather than once per row and call. Rounded as the per-row path rounds (multiply, then add).
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                AxpyRemainder4<T, TVector, TLanes>(a, aRowStride, aColumnStride, matrix, c, r, column, inner, columns, accumulate);
            }

            for (; r < rows; r++)
            {
                AxpyRowScalarOrVector<T, TVector, TLanes>(a, aRowStride, aColumnStride, matrix, c, r, column, columns - column, inner, columns, accumulate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AxpyRemainder4<T, TVector, TLanes>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int r, int column, int inner, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        ref T aRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * aRowStride);
        ref T m = ref MemoryMarshal.GetReference(matrix);
        ref T c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), r * columns);
        ref T c1 = ref Unsafe.Add(ref c0, columns);
        ref T c2 = ref Unsafe.Add(ref c1, columns);
        ref T c3 = ref Unsafe.Add(ref c2, columns);
        int col = column;
        for (; col + width <= columns; col += width)
        {
            TVector s0 = accumulate ? TLanes.Load(ref c0, col) : default;
            TVector s1 = accumulate ? TLanes.Load(ref c1, col) : default;
            TVector s2 = accumulate ? TLanes.Load(ref c2, col) : default;
            TVector s3 = accumulate ? TLanes.Load(ref c3, col) : default;
            for (int j = 0; j < inner; j++)
            {
                TVector v = TLanes.Load(ref m, (j * columns) + col);
                ref T coefficient = ref Unsafe.Add(ref aRef, j * aColumnStride);
                s0 = TLanes.Add(s0, TLanes.Multiply(TLanes.Create(coefficient), v));
                s1 = TLanes.Add(s1, TLanes.Multiply(TLanes.Create(Unsafe.Add(ref coefficient, aRowStride)), v));
                s2 = TLanes.Add(s2, TLanes.Multiply(TLanes.Create(Unsafe.Add(ref coefficient, 2 * aRowStride)), v));
                s3 = TLanes.Add(s3, TLanes.Multiply(TLanes.Create(Unsafe.Add(ref coefficient, 3 * aRowStride)), v));
            }

            TLanes.Store(s0, ref c0, col);
            TLanes.Store(s1, ref c1, col);
            TLanes.Store(s2, ref c2, col);
            TLanes.Store(s3, ref c3, col);
        }

        for (; col < columns; col++)
        {
            T s0 = accumulate ? Unsafe.Add(ref c0, col) : T.Zero;
            T s1 = accumulate ? Unsafe.Add(ref c1, col) : T.Zero;
            T s2 = accumulate ? Unsafe.Add(ref c2, col) : T.Zero;
            T s3 = accumulate ? Unsafe.Add(ref c3, col) : T.Zero;
            for (int j = 0; j < inner; j++)
            {
                T v = Unsafe.Add(ref m, (j * columns) + col);
                ref T coefficient = ref Unsafe.Add(ref aRef, j * aColumnStride);
                s0 += coefficient * v;
                s1 += Unsafe.Add(ref coefficient, aRowStride) * v;
                s2 += Unsafe.Add(ref coefficient, 2 * aRowStride) * v;
                s3 += Unsafe.Add(ref coefficient, 3 * aRowStride) * v;
            }

            Unsafe.Add(ref c0, col) = s0;
            Unsafe.Add(ref c1, col) = s1;
            Unsafe.Add(ref c2, col) = s2;
            Unsafe.Add(ref c3, col) = s3;
        }
    }

    /// <summary>
    /// c[r, j] += Σ_i a[r, i] · b[j, i]: products of rows, each read contiguously, for a result too narrow for
    /// <see cref="MultiplyRows{T}"/>'s strips (a small convolution's dW = dz · patchesᵀ, with few values per window).
    /// Blocks of four rows of a by two of b keep eight vector accumulators busy along i.
    /// </summary>
    public static void AddRowProducts<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAtLeast(a.Length, rows * inner, nameof(a));
        CheckAtLeast(b.Length, columns * inner, nameof(b));
        CheckAtLeast(c.Length, rows * columns, nameof(c));
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: AddRowProducts<T, Vector512<T>, Lanes512<T>>(a, b, c, rows, inner, columns); break;
            case LaneWidth.Bits256: AddRowProducts<T, Vector256<T>, Lanes256<T>>(a, b, c, rows, inner, columns); break;
            case LaneWidth.Vector: AddRowProducts<T, Vector<T>, LanesVector<T>>(a, b, c, rows, inner, columns); break;
            default: AddRowProducts<T, T, LanesScalar<T>>(a, b, c, rows, inner, columns); break;
        }
    }

    private static void AddRowProducts<T, TVector, TLanes>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            int j = 0;
            for (; j + 2 <= columns; j += 2)
            {
                RowProducts4x2<T, TVector, TLanes, StartFromTarget>(a, b, c, r, j, inner, columns, biases: default);
            }

            for (; j < columns; j++)
            {
                for (int k = r; k < r + 4; k++)
                {
                    c[(k * columns) + j] += DotRow<T, TVector, TLanes>(a, k * inner, b, j * inner, inner);
                }
            }
        }

        for (; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                c[(r * columns) + j] += DotRow<T, TVector, TLanes>(a, r * inner, b, j * inner, inner);
            }
        }
    }

    /// <summary>
    /// c[r + k, j + m] = start + Σ_i a[r + k, i] · b[j + m, i] for k &lt; 4, m &lt; 2, where start is biases[j + m] for
    /// <see cref="StartFromBiases"/> (<see cref="DenseForward{T}"/>: a = inputs, b = weights, c = z) and c's own value
    /// for <see cref="StartFromTarget"/> (<see cref="AddRowProducts{T}"/>). TStart is tested by typeof, which the JIT
    /// folds, so each copy stores as if written for its caller alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RowProducts4x2<T, TVector, TLanes, TStart>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int r, int j, int inner, int columns, ReadOnlySpan<T> biases)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
        where TStart : struct
    {
        ref T x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * inner);
        ref T x1 = ref Unsafe.Add(ref x0, inner);
        ref T x2 = ref Unsafe.Add(ref x1, inner);
        ref T x3 = ref Unsafe.Add(ref x2, inner);
        ref T y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), j * inner);
        ref T y1 = ref Unsafe.Add(ref y0, inner);
        TVector a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        int width = TLanes.Count;
        int i = 0;
        for (; i + width <= inner; i += width)
        {
            TVector v0 = TLanes.Load(ref y0, i), v1 = TLanes.Load(ref y1, i);
            TVector u = TLanes.Load(ref x0, i);
            a00 = TLanes.MultiplyAdd(u, v0, a00);
            a01 = TLanes.MultiplyAdd(u, v1, a01);
            u = TLanes.Load(ref x1, i);
            a10 = TLanes.MultiplyAdd(u, v0, a10);
            a11 = TLanes.MultiplyAdd(u, v1, a11);
            u = TLanes.Load(ref x2, i);
            a20 = TLanes.MultiplyAdd(u, v0, a20);
            a21 = TLanes.MultiplyAdd(u, v1, a21);
            u = TLanes.Load(ref x3, i);
            a30 = TLanes.MultiplyAdd(u, v0, a30);
            a31 = TLanes.MultiplyAdd(u, v1, a31);
        }

        T s00 = TLanes.Sum(a00), s01 = TLanes.Sum(a01), s10 = TLanes.Sum(a10), s11 = TLanes.Sum(a11);
        T s20 = TLanes.Sum(a20), s21 = TLanes.Sum(a21), s30 = TLanes.Sum(a30), s31 = TLanes.Sum(a31);
        for (; i < inner; i++)
        {
            T v0 = Unsafe.Add(ref y0, i), v1 = Unsafe.Add(ref y1, i);
            s00 += Unsafe.Add(ref x0, i) * v0;
            s01 += Unsafe.Add(ref x0, i) * v1;
            s10 += Unsafe.Add(ref x1, i) * v0;
            s11 += Unsafe.Add(ref x1, i) * v1;
            s20 += Unsafe.Add(ref x2, i) * v0;
            s21 += Unsafe.Add(ref x2, i) * v1;
            s30 += Unsafe.Add(ref x3, i) * v0;
            s31 += Unsafe.Add(ref x3, i) * v1;
        }

        T bias0 = T.Zero, bias1 = T.Zero;
        if (typeof(TStart) == typeof(StartFromBiases))
        {
            bias0 = biases[j];
            bias1 = biases[j + 1];
        }

        int at = (r * columns) + j;
        StorePair<T, TStart>(c, at, s00, s01, bias0, bias1);
        StorePair<T, TStart>(c, at + columns, s10, s11, bias0, bias1);
        StorePair<T, TStart>(c, at + (2 * columns), s20, s21, bias0, bias1);
        StorePair<T, TStart>(c, at + (3 * columns), s30, s31, bias0, bias1);
    }

    /// <summary>c[at + m] = start + s_m for m &lt; 2, start as <see cref="RowProducts4x2{T, TVector, TLanes, TStart}"/> says.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<T, TStart>(Span<T> c, int at, T s0, T s1, T bias0, T bias1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStart : struct
    {
        if (typeof(TStart) == typeof(StartFromBiases))
        {
            c[at] = bias0 + s0;
            c[at + 1] = bias1 + s1;
        }
        else
        {
            c[at] += s0;
            c[at + 1] += s1;
        }
    }

    /// <summary>A block's sums go on top of the biases: z = b + Σ.</summary>
    private readonly struct StartFromBiases
    {
    }

    /// <summary>A block's sums go on top of what the target holds: c += Σ.</summary>
    private readonly struct StartFromTarget
    {
    }

    /// <summary>sums[o] += Σ_b values[b, o]: the bias gradient of a batch.</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> values, int count, int columns, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(sums.Length, columns, nameof(sums));
        for (int b = 0; b < count; b++)
        {
            Kernels.MultiplyAdd(values.Slice(b * columns, columns), T.One, sums);
        }
    }

    private static T DotRow<T, TVector, TLanes>(ReadOnlySpan<T> x, int xStart, ReadOnlySpan<T> y, int yStart, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T> =>
        Kernels.Dot<T, TVector, TLanes>(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(x), xStart), ref Unsafe.Add(ref MemoryMarshal.GetReference(y), yStart), length);

    private static void CheckAtLeast(int actual, int needed, string parameterName)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"Expected a span of at least {needed} values but got {actual}.", parameterName);
        }
    }
}
