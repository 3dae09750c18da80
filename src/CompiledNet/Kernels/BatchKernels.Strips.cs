using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet.Generated;

// MultiplyRows's strips: a strip of columns whose inner × strip-width slice of the matrix stays in L1 while every
// block of four rows runs over it. Two vectors wide at every width; four at 512 bits, where the block's sixteen
// accumulators fit the 32 registers.
public static partial class BatchKernels
{
    /// <summary>
    /// <see cref="MultiplyRows{T}"/> over strips of TStrip's width (<see cref="FourVectorStrips"/> or
    /// <see cref="TwoVectorStrips"/>), from <paramref name="column"/> while a whole strip fits; returns the first column
    /// left. A long inner dimension (a convolution's channels × kernel) is taken in chunks whose slice fits in L1 with
    /// room to spare; each element still sums j in order, so the result is the same bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Strips<T, TVector, TLanes, TStrip>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int rows, int inner, int columns, bool accumulate, int column)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
        where TStrip : struct
    {
        int stripWidth = (typeof(TStrip) == typeof(FourVectorStrips) ? 4 : 2) * TLanes.Count;
        int chunk = Math.Max(1, L1SliceBytes / (stripWidth * Unsafe.SizeOf<T>()));
        for (; column + stripWidth <= columns; column += stripWidth)
        {
            for (int start = 0; start < inner; start += chunk)
            {
                int end = Math.Min(inner, start + chunk);
                bool add = accumulate || start > 0;
                int r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    // A typeof test folds while the JIT imports this, so only one block is inlined and counted against
                    // the inlining budget.
                    if (typeof(TStrip) == typeof(FourVectorStrips))
                    {
                        AxpyBlock4x4<T, TVector, TLanes>(a, aRowStride, aColumnStride, matrix, c, r, column, start, end, columns, add);
                    }
                    else
                    {
                        AxpyBlock4x2<T, TVector, TLanes>(a, aRowStride, aColumnStride, matrix, c, r, column, start, end, columns, add);
                    }
                }

                if (start == 0)
                {
                    for (; r < rows; r++)
                    {
                        AxpyRowScalarOrVector<T, TVector, TLanes>(a, aRowStride, aColumnStride, matrix, c, r, column, stripWidth, inner, columns, accumulate);
                    }
                }
            }
        }

        return column;
    }

    /// <summary>Four rows by four vectors of columns of <see cref="MultiplyRows{T}"/>, over j in [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AxpyBlock4x4<T, TVector, TLanes>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int r, int column, int start, int end, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        ref T c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), (r * columns) + column);
        ref T c1 = ref Unsafe.Add(ref c0, columns);
        ref T c2 = ref Unsafe.Add(ref c1, columns);
        ref T c3 = ref Unsafe.Add(ref c2, columns);
        TVector a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        TVector a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        if (accumulate)
        {
            a00 = TLanes.Load(ref c0, 0);
            a01 = TLanes.Load(ref c0, width);
            a02 = TLanes.Load(ref c0, 2 * width);
            a03 = TLanes.Load(ref c0, 3 * width);
            a10 = TLanes.Load(ref c1, 0);
            a11 = TLanes.Load(ref c1, width);
            a12 = TLanes.Load(ref c1, 2 * width);
            a13 = TLanes.Load(ref c1, 3 * width);
            a20 = TLanes.Load(ref c2, 0);
            a21 = TLanes.Load(ref c2, width);
            a22 = TLanes.Load(ref c2, 2 * width);
            a23 = TLanes.Load(ref c2, 3 * width);
            a30 = TLanes.Load(ref c3, 0);
            a31 = TLanes.Load(ref c3, width);
            a32 = TLanes.Load(ref c3, 2 * width);
            a33 = TLanes.Load(ref c3, 3 * width);
        }

        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T m = ref Unsafe.Add(ref MemoryMarshal.GetReference(matrix), column);
        for (int j = start; j < end; j++)
        {
            ref T row = ref Unsafe.Add(ref m, j * columns);
            TVector v0 = TLanes.Load(ref row, 0), v1 = TLanes.Load(ref row, width), v2 = TLanes.Load(ref row, 2 * width), v3 = TLanes.Load(ref row, 3 * width);
            ref T coefficient = ref Unsafe.Add(ref aRef, (r * aRowStride) + (j * aColumnStride));
            TVector s = TLanes.Create(coefficient);
            a00 = TLanes.MultiplyAdd(s, v0, a00);
            a01 = TLanes.MultiplyAdd(s, v1, a01);
            a02 = TLanes.MultiplyAdd(s, v2, a02);
            a03 = TLanes.MultiplyAdd(s, v3, a03);
            s = TLanes.Create(Unsafe.Add(ref coefficient, aRowStride));
            a10 = TLanes.MultiplyAdd(s, v0, a10);
            a11 = TLanes.MultiplyAdd(s, v1, a11);
            a12 = TLanes.MultiplyAdd(s, v2, a12);
            a13 = TLanes.MultiplyAdd(s, v3, a13);
            s = TLanes.Create(Unsafe.Add(ref coefficient, 2 * aRowStride));
            a20 = TLanes.MultiplyAdd(s, v0, a20);
            a21 = TLanes.MultiplyAdd(s, v1, a21);
            a22 = TLanes.MultiplyAdd(s, v2, a22);
            a23 = TLanes.MultiplyAdd(s, v3, a23);
            s = TLanes.Create(Unsafe.Add(ref coefficient, 3 * aRowStride));
            a30 = TLanes.MultiplyAdd(s, v0, a30);
            a31 = TLanes.MultiplyAdd(s, v1, a31);
            a32 = TLanes.MultiplyAdd(s, v2, a32);
            a33 = TLanes.MultiplyAdd(s, v3, a33);
        }

        TLanes.Store(a00, ref c0, 0);
        TLanes.Store(a01, ref c0, width);
        TLanes.Store(a02, ref c0, 2 * width);
        TLanes.Store(a03, ref c0, 3 * width);
        TLanes.Store(a10, ref c1, 0);
        TLanes.Store(a11, ref c1, width);
        TLanes.Store(a12, ref c1, 2 * width);
        TLanes.Store(a13, ref c1, 3 * width);
        TLanes.Store(a20, ref c2, 0);
        TLanes.Store(a21, ref c2, width);
        TLanes.Store(a22, ref c2, 2 * width);
        TLanes.Store(a23, ref c2, 3 * width);
        TLanes.Store(a30, ref c3, 0);
        TLanes.Store(a31, ref c3, width);
        TLanes.Store(a32, ref c3, 2 * width);
        TLanes.Store(a33, ref c3, 3 * width);
    }

    /// <summary>
    /// Four rows by two vectors of columns of <see cref="MultiplyRows{T}"/>, over j in [start, end). Kept apart from
    /// <see cref="AxpyBlock4x4{T, TVector, TLanes}"/>: one method for both strip widths has the larger block's IL twice
    /// over, which at 256 bits ran out MultiplyRows's inlining budget, so that it called even the lanes' multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AxpyBlock4x2<T, TVector, TLanes>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int r, int column, int start, int end, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = TLanes.Count;
        ref T cRef = ref MemoryMarshal.GetReference(c);
        ref T c0 = ref Unsafe.Add(ref cRef, (r * columns) + column);
        ref T c1 = ref Unsafe.Add(ref c0, columns);
        ref T c2 = ref Unsafe.Add(ref c1, columns);
        ref T c3 = ref Unsafe.Add(ref c2, columns);
        TVector a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        if (accumulate)
        {
            a00 = TLanes.Load(ref c0, 0);
            a01 = TLanes.Load(ref c0, width);
            a10 = TLanes.Load(ref c1, 0);
            a11 = TLanes.Load(ref c1, width);
            a20 = TLanes.Load(ref c2, 0);
            a21 = TLanes.Load(ref c2, width);
            a30 = TLanes.Load(ref c3, 0);
            a31 = TLanes.Load(ref c3, width);
        }

        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T m = ref Unsafe.Add(ref MemoryMarshal.GetReference(matrix), column);
        for (int j = start; j < end; j++)
        {
            ref T row = ref Unsafe.Add(ref m, j * columns);
            TVector v0 = TLanes.Load(ref row, 0), v1 = TLanes.Load(ref row, width);
            ref T coefficient = ref Unsafe.Add(ref aRef, (r * aRowStride) + (j * aColumnStride));
            var s = TLanes.Create(coefficient);
            a00 = TLanes.MultiplyAdd(s, v0, a00);
            a01 = TLanes.MultiplyAdd(s, v1, a01);
            s = TLanes.Create(Unsafe.Add(ref coefficient, aRowStride));
            a10 = TLanes.MultiplyAdd(s, v0, a10);
            a11 = TLanes.MultiplyAdd(s, v1, a11);
            s = TLanes.Create(Unsafe.Add(ref coefficient, 2 * aRowStride));
            a20 = TLanes.MultiplyAdd(s, v0, a20);
            a21 = TLanes.MultiplyAdd(s, v1, a21);
            s = TLanes.Create(Unsafe.Add(ref coefficient, 3 * aRowStride));
            a30 = TLanes.MultiplyAdd(s, v0, a30);
            a31 = TLanes.MultiplyAdd(s, v1, a31);
        }

        TLanes.Store(a00, ref c0, 0);
        TLanes.Store(a01, ref c0, width);
        TLanes.Store(a10, ref c1, 0);
        TLanes.Store(a11, ref c1, width);
        TLanes.Store(a20, ref c2, 0);
        TLanes.Store(a21, ref c2, width);
        TLanes.Store(a30, ref c3, 0);
        TLanes.Store(a31, ref c3, width);
    }

    /// <summary>One row of <see cref="MultiplyRows{T}"/> over <paramref name="length"/> columns from <paramref name="column"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AxpyRowScalarOrVector<T, TVector, TLanes>(
        ReadOnlySpan<T> a, int aRowStride, int aColumnStride, ReadOnlySpan<T> matrix, Span<T> c, int r, int column, int length, int inner, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        Span<T> target = c.Slice((r * columns) + column, length);
        if (!accumulate)
        {
            target.Clear();
        }

        for (int j = 0; j < inner; j++)
        {
            Kernels.MultiplyAdd<T, TVector, TLanes>(
                ref Unsafe.Add(ref MemoryMarshal.GetReference(matrix), (j * columns) + column),
                a[(r * aRowStride) + (j * aColumnStride)],
                ref MemoryMarshal.GetReference(target),
                length);
        }
    }

    /// <summary>Strips of four vectors of columns: sixteen accumulators, for the 32 registers of AVX-512.</summary>
    private readonly struct FourVectorStrips
    {
    }

    /// <summary>Strips of two vectors of columns: eight accumulators, which fit every width's registers.</summary>
    private readonly struct TwoVectorStrips
    {
    }
}
