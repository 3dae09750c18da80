using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet.Generated;

/// <summary>
/// The dense layer of batched inference (ForwardBatch). The samples are first transposed into a panel, [input, sample],
/// two vectors wide; then each weight is loaded once per panel and broadcast against every sample in it, and eight
/// neurons' sums over the whole panel stay in sixteen vector registers. There are no horizontal sums: each z is one
/// chain of fused multiply-adds in input order, so a row's result does not depend on which panel it lands in. A panel
/// of fewer than <see cref="MinPanelRows"/> rows runs them one at a time through Forward's kernel instead, so those rows
/// get Forward's outputs bit for bit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PanelKernels
{
    /// <summary>The most samples one panel holds: two 512-bit vectors of floats.</summary>
    public const int MaxPanelWidth = 32;

    // Neurons per block: sixteen accumulators (eight neurons by two vectors) leave registers for the panel's two loads.
    private const int BlockNeurons = 8;

    /// <summary>
    /// z[b, o] = biases[o] + Σ_i inputs[b, i] · weights[o, i] for <paramref name="count"/> samples stored row after
    /// row; <paramref name="panel"/> is work space of at least inputSize × <see cref="MaxPanelWidth"/> values.
    /// </summary>
    public static void DenseForward<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int count, int inputSize, int outputSize, Span<T> panel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(weights.Length, outputSize * inputSize, nameof(weights));
        Guard.Length(biases.Length, outputSize, nameof(biases));
        CheckAtLeast(inputs.Length, count * inputSize, nameof(inputs));
        CheckAtLeast(z.Length, count * outputSize, nameof(z));
        CheckAtLeast(panel.Length, inputSize * MaxPanelWidth, nameof(panel));
        switch (Lanes.Best)
        {
            case LaneWidth.Bits512: DenseForward<T, Vector512<T>, Lanes512<T>>(weights, biases, inputs, z, count, inputSize, outputSize, panel); break;
            case LaneWidth.Bits256: DenseForward<T, Vector256<T>, Lanes256<T>>(weights, biases, inputs, z, count, inputSize, outputSize, panel); break;
            case LaneWidth.Vector: DenseForward<T, Vector<T>, LanesVector<T>>(weights, biases, inputs, z, count, inputSize, outputSize, panel); break;
            default: DenseForward<T, T, LanesScalar<T>>(weights, biases, inputs, z, count, inputSize, outputSize, panel); break;
        }
    }

    internal static void DenseForward<T, TVector, TLanes>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, ReadOnlySpan<T> inputs, Span<T> z, int count, int inputSize, int outputSize, Span<T> panel)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int width = 2 * TLanes.Count;
        Span<T> sums = stackalloc T[BlockNeurons * MaxPanelWidth];
        for (int first = 0; first < count; first += width)
        {
            int rows = Math.Min(width, count - first);
            if (rows < MinPanelRows(width))
            {
                // A short panel pays for every column it leaves empty; Forward's one-sample kernel is faster there.
                for (int row = first; row < first + rows; row++)
                {
                    BatchKernels.DenseForward<T, TVector, TLanes>(weights, biases, inputs.Slice(row * inputSize, inputSize), z.Slice(row * outputSize, outputSize), 1, inputSize, outputSize);
                }

                continue;
            }

            Transpose(inputs.Slice(first * inputSize, rows * inputSize), rows, inputSize, panel, width);
            int o = 0;

            // Sixteen accumulators need the 32 registers of AVX-512; with 16 (AVX2) four neurons at a time keep them.
            if (Unsafe.SizeOf<TVector>() < 64)
            {
                for (; o + 4 <= outputSize; o += 4)
                {
                    Block<T, TVector, TLanes, FourNeurons>(ref MemoryMarshal.GetReference(weights.Slice(o * inputSize)), ref MemoryMarshal.GetReference(panel), ref MemoryMarshal.GetReference(sums), inputSize, width);
                    Scatter(sums, 4, width, biases, z, first, rows, o, outputSize);
                }
            }

            for (; o + BlockNeurons <= outputSize; o += BlockNeurons)
            {
                Block<T, TVector, TLanes, EightNeurons>(ref MemoryMarshal.GetReference(weights.Slice(o * inputSize)), ref MemoryMarshal.GetReference(panel), ref MemoryMarshal.GetReference(sums), inputSize, width);
                Scatter(sums, BlockNeurons, width, biases, z, first, rows, o, outputSize);
            }

            for (; o < outputSize; o++)
            {
                Block1<T, TVector, TLanes>(ref MemoryMarshal.GetReference(weights.Slice(o * inputSize)), ref MemoryMarshal.GetReference(panel), ref MemoryMarshal.GetReference(sums), inputSize, width);
                Scatter(sums, 1, width, biases, z, first, rows, o, outputSize);
            }
        }
    }

    /// <summary>
    /// The fewest rows a panel of <paramref name="width"/> columns runs with; fewer run one at a time through Forward's
    /// kernel. Measured against that kernel (Zen 5, 784→128, 64→32 and 3136→128 layers), the panel broke even at 8 to
    /// 14 rows both at 512 bits (32 columns) and at 256 bits (16 columns), and a lone row took 8 to 13 times as long.
    /// </summary>
    internal static int MinPanelRows(int width) => Math.Min(10, width);

    /// <summary>panel[i, j] = rows[j, i] for the panel's <paramref name="rows"/> samples; the columns past them are zero.</summary>
    private static void Transpose<T>(ReadOnlySpan<T> source, int rows, int inputSize, Span<T> panel, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            ReadOnlySpan<float> floats = MemoryMarshal.Cast<T, float>(source);
            Span<float> destination = MemoryMarshal.Cast<T, float>(panel);
            for (; j + 8 <= rows; j += 8)
            {
                int i = 0;
                for (; i + 8 <= inputSize; i += 8)
                {
                    Transpose8x8(ref MemoryMarshal.GetReference(floats), (j * inputSize) + i, inputSize, ref MemoryMarshal.GetReference(destination), (i * width) + j, width);
                }

                for (; i < inputSize; i++)
                {
                    for (int r = j; r < j + 8; r++)
                    {
                        destination[(i * width) + r] = floats[(r * inputSize) + i];
                    }
                }
            }
        }

        for (; j < rows; j++)
        {
            for (int i = 0; i < inputSize; i++)
            {
                panel[(i * width) + j] = source[(j * inputSize) + i];
            }
        }

        if (rows < width)
        {
            for (int i = 0; i < inputSize; i++)
            {
                panel.Slice((i * width) + rows, width - rows).Clear();
            }
        }
    }

    /// <summary>Eight rows of eight floats, each <paramref name="sourceStride"/> apart, written as eight columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, int sourceStart, int sourceStride, ref float destination, int destinationStart, int destinationStride)
    {
        ref float s = ref Unsafe.Add(ref source, sourceStart);
        Vector256<float> r0 = Vector256.LoadUnsafe(ref s);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref s, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * sourceStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * sourceStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * sourceStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * sourceStride));

        // Interleave pairs of rows, then pairs of pairs, then swap the 128-bit halves: the classic 8×8 transpose.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        ref float d = ref Unsafe.Add(ref destination, destinationStart);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * destinationStride));
    }

    /// <summary>
    /// sums[r, j] = Σ_i weights[r, i] · panel[i, j] for THeight's neurons r and the panel's two vectors of samples j.
    /// One body serves both heights: THeight is a struct, so the JIT compiles a copy per height, and in the four-neuron
    /// copy the last four neurons' accumulators and stores fold away (its machine code is that of a hand-written
    /// four-neuron block).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block<T, TVector, TLanes, THeight>(ref T weights, ref T panel, ref T sums, int inputSize, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
        where THeight : struct, IBlockHeight
    {
        int n = TLanes.Count;
        bool eight = THeight.Neurons == 8;
        TVector a00 = TLanes.Zero, a01 = TLanes.Zero, a10 = TLanes.Zero, a11 = TLanes.Zero;
        TVector a20 = TLanes.Zero, a21 = TLanes.Zero, a30 = TLanes.Zero, a31 = TLanes.Zero;
        TVector a40 = TLanes.Zero, a41 = TLanes.Zero, a50 = TLanes.Zero, a51 = TLanes.Zero;
        TVector a60 = TLanes.Zero, a61 = TLanes.Zero, a70 = TLanes.Zero, a71 = TLanes.Zero;
        ref T w1 = ref Unsafe.Add(ref weights, inputSize);
        ref T w2 = ref Unsafe.Add(ref weights, 2 * inputSize);
        ref T w3 = ref Unsafe.Add(ref weights, 3 * inputSize);
        ref T w4 = ref Unsafe.Add(ref weights, 4 * inputSize);
        ref T w5 = ref Unsafe.Add(ref weights, 5 * inputSize);
        ref T w6 = ref Unsafe.Add(ref weights, 6 * inputSize);
        ref T w7 = ref Unsafe.Add(ref weights, 7 * inputSize);
        for (int i = 0; i < inputSize; i++)
        {
            TVector x0 = TLanes.Load(ref panel, i * width), x1 = TLanes.Load(ref panel, (i * width) + n);
            TVector w = TLanes.Create(Unsafe.Add(ref weights, i));
            a00 = TLanes.MultiplyAdd(w, x0, a00);
            a01 = TLanes.MultiplyAdd(w, x1, a01);
            w = TLanes.Create(Unsafe.Add(ref w1, i));
            a10 = TLanes.MultiplyAdd(w, x0, a10);
            a11 = TLanes.MultiplyAdd(w, x1, a11);
            w = TLanes.Create(Unsafe.Add(ref w2, i));
            a20 = TLanes.MultiplyAdd(w, x0, a20);
            a21 = TLanes.MultiplyAdd(w, x1, a21);
            w = TLanes.Create(Unsafe.Add(ref w3, i));
            a30 = TLanes.MultiplyAdd(w, x0, a30);
            a31 = TLanes.MultiplyAdd(w, x1, a31);

            if (eight)
            {
                w = TLanes.Create(Unsafe.Add(ref w4, i));
                a40 = TLanes.MultiplyAdd(w, x0, a40);
                a41 = TLanes.MultiplyAdd(w, x1, a41);
                w = TLanes.Create(Unsafe.Add(ref w5, i));
                a50 = TLanes.MultiplyAdd(w, x0, a50);
                a51 = TLanes.MultiplyAdd(w, x1, a51);
                w = TLanes.Create(Unsafe.Add(ref w6, i));
                a60 = TLanes.MultiplyAdd(w, x0, a60);
                a61 = TLanes.MultiplyAdd(w, x1, a61);
                w = TLanes.Create(Unsafe.Add(ref w7, i));
                a70 = TLanes.MultiplyAdd(w, x0, a70);
                a71 = TLanes.MultiplyAdd(w, x1, a71);
            }
        }

        TLanes.Store(a00, ref sums, 0);
        TLanes.Store(a01, ref sums, n);
        TLanes.Store(a10, ref sums, width);
        TLanes.Store(a11, ref sums, width + n);
        TLanes.Store(a20, ref sums, 2 * width);
        TLanes.Store(a21, ref sums, (2 * width) + n);
        TLanes.Store(a30, ref sums, 3 * width);
        TLanes.Store(a31, ref sums, (3 * width) + n);

        if (eight)
        {
            TLanes.Store(a40, ref sums, 4 * width);
            TLanes.Store(a41, ref sums, (4 * width) + n);
            TLanes.Store(a50, ref sums, 5 * width);
            TLanes.Store(a51, ref sums, (5 * width) + n);
            TLanes.Store(a60, ref sums, 6 * width);
            TLanes.Store(a61, ref sums, (6 * width) + n);
            TLanes.Store(a70, ref sums, 7 * width);
            TLanes.Store(a71, ref sums, (7 * width) + n);
        }
    }

    /// <summary>
    /// <see cref="Block{T, TVector, TLanes, THeight}"/> for one neuron: the layer's last neurons past a whole block. Kept
    /// apart: as a third height of Block it loaded the panel into registers instead of into the multiply-adds, and a
    /// 32-sample 128→7 layer ran 4-9% slower.
    /// </summary>
    private static void Block1<T, TVector, TLanes>(ref T weights, ref T panel, ref T sums, int inputSize, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TLanes : struct, ILanes<TVector, T>
    {
        int n = TLanes.Count;
        TVector a0 = TLanes.Zero, a1 = TLanes.Zero;
        for (int i = 0; i < inputSize; i++)
        {
            TVector w = TLanes.Create(Unsafe.Add(ref weights, i));
            a0 = TLanes.MultiplyAdd(w, TLanes.Load(ref panel, i * width), a0);
            a1 = TLanes.MultiplyAdd(w, TLanes.Load(ref panel, (i * width) + n), a1);
        }

        TLanes.Store(a0, ref sums, 0);
        TLanes.Store(a1, ref sums, n);
    }

    /// <summary>The neurons one <see cref="Block{T, TVector, TLanes, THeight}"/> computes: 4 or 8.</summary>
    private interface IBlockHeight
    {
        static abstract int Neurons { get; }
    }

    /// <summary>Eight neurons, sixteen accumulators: for the 32 vector registers of AVX-512.</summary>
    private readonly struct EightNeurons : IBlockHeight
    {
        public static int Neurons => BlockNeurons;
    }

    /// <summary>Four neurons, eight accumulators: for CPUs with 16 vector registers.</summary>
    private readonly struct FourNeurons : IBlockHeight
    {
        public static int Neurons => 4;
    }

    /// <summary>z[first + j, o + r] = sums[r, j] + biases[o + r] for the panel's rows: the sums back in row order.</summary>
    private static void Scatter<T>(ReadOnlySpan<T> sums, int neurons, int width, ReadOnlySpan<T> biases, Span<T> z, int first, int rows, int o, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < rows; j++)
        {
            Span<T> row = z.Slice(((first + j) * outputSize) + o, neurons);
            for (int r = 0; r < neurons; r++)
            {
                row[r] = sums[(r * width) + j] + biases[o + r];
            }
        }
    }

    private static void CheckAtLeast(int actual, int needed, string parameterName)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"Expected a span of at least {needed} values but got {actual}.", parameterName);
        }
    }
}
