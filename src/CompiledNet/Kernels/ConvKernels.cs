using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet.Generated;

/// <summary>
/// The data movement of a convolution, around the matrix products of <see cref="BatchKernels"/>: an image's windows
/// laid out as a matrix (im2col, and its transpose im2row), and the patch gradients added back onto the image
/// (col2im). Images are one sample's channels × height × width, row-major; K = channels × kernel height × kernel
/// width values per window, P = output height × output width windows.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConvKernels
{
    /// <summary>patches[k, p] = image value under element k of window p, 0 in the padding: a K × P matrix.</summary>
    public static void Im2Col<T>(
        ReadOnlySpan<T> image, Span<T> patches, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding, int outputHeight, int outputWidth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int positions = outputHeight * outputWidth;
        Guard.Length(image.Length, channels * height * width, nameof(image));
        CheckAtLeast(patches.Length, channels * kernelHeight * kernelWidth * positions, nameof(patches));
        if (KeepsSize(height, width, stride, outputHeight, outputWidth))
        {
            SameSizeIm2Col(image, patches, channels, height, width, kernelHeight, kernelWidth, padding);
            return;
        }

        ref T source = ref MemoryMarshal.GetReference(image);
        ref T target = ref MemoryMarshal.GetReference(patches);
        for (int c = 0, row = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                for (int kx = 0; kx < kernelWidth; kx++, row++)
                {
                    // The output columns whose input column lies inside the image: ox in [first, end).
                    int offset = kx - padding;
                    (int first, int end) = Inside(outputWidth, width, offset, stride);
                    for (int oy = 0; oy < outputHeight; oy++)
                    {
                        ref T line = ref Unsafe.Add(ref target, (row * positions) + (oy * outputWidth));
                        int y = (oy * stride) + ky - padding;
                        if ((uint)y >= (uint)height)
                        {
                            MemoryMarshal.CreateSpan(ref line, outputWidth).Clear();
                            continue;
                        }

                        ref T from = ref Unsafe.Add(ref source, (((c * height) + y) * width) + (first * stride) + offset);
                        int ox = 0;
                        for (; ox < first; ox++)
                        {
                            Unsafe.Add(ref line, ox) = T.Zero;
                        }

                        for (int i = 0; ox < end; ox++, i += stride)
                        {
                            Unsafe.Add(ref line, ox) = Unsafe.Add(ref from, i);
                        }

                        for (; ox < outputWidth; ox++)
                        {
                            Unsafe.Add(ref line, ox) = T.Zero;
                        }
                    }
                }
            }
        }
    }

    /// <summary>rows[p, k] = image value under element k of window p: the transpose of <see cref="Im2Col{T}"/>, P × K.</summary>
    public static void Im2Row<T>(
        ReadOnlySpan<T> image, Span<T> rows, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding, int outputHeight, int outputWidth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int patchSize = channels * kernelHeight * kernelWidth;
        Guard.Length(image.Length, channels * height * width, nameof(image));
        CheckAtLeast(rows.Length, patchSize * outputHeight * outputWidth, nameof(rows));
        ref T source = ref MemoryMarshal.GetReference(image);
        ref T target = ref MemoryMarshal.GetReference(rows);
        int p = 0;
        for (int oy = 0; oy < outputHeight; oy++)
        {
            for (int ox = 0; ox < outputWidth; ox++, p++)
            {
                ref T window = ref Unsafe.Add(ref target, p * patchSize);
                int left = (ox * stride) - padding;

                // The kernel columns that fall inside the image: kx in [first, end).
                int first = Math.Max(0, -left), end = Math.Min(kernelWidth, width - left);
                int k = 0;
                for (int c = 0; c < channels; c++)
                {
                    for (int ky = 0; ky < kernelHeight; ky++, k += kernelWidth)
                    {
                        ref T line = ref Unsafe.Add(ref window, k);
                        int y = (oy * stride) + ky - padding;
                        if ((uint)y >= (uint)height || first >= end)
                        {
                            MemoryMarshal.CreateSpan(ref line, kernelWidth).Clear();
                            continue;
                        }

                        // From the first column inside the image, so the reference never points before the array.
                        ref T from = ref Unsafe.Add(ref source, (((c * height) + y) * width) + left + first);
                        for (int kx = 0; kx < first; kx++)
                        {
                            Unsafe.Add(ref line, kx) = T.Zero;
                        }

                        for (int kx = first; kx < end; kx++)
                        {
                            Unsafe.Add(ref line, kx) = Unsafe.Add(ref from, kx - first);
                        }

                        for (int kx = end; kx < kernelWidth; kx++)
                        {
                            Unsafe.Add(ref line, kx) = T.Zero;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// image = Σ over windows of patches[k, p] placed where element k of window p came from: the adjoint of
    /// <see cref="Im2Col{T}"/>, which turns dLoss/dPatches into dLoss/dImage. Overwrites <paramref name="image"/>, and
    /// zeroes the entries of <paramref name="patches"/> that fall in the padding (they add to nothing).
    /// </summary>
    public static void Col2Im<T>(
        Span<T> patches, Span<T> image, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding, int outputHeight, int outputWidth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int positions = outputHeight * outputWidth;
        Guard.Length(image.Length, channels * height * width, nameof(image));
        CheckAtLeast(patches.Length, channels * kernelHeight * kernelWidth * positions, nameof(patches));
        image.Clear();
        if (KeepsSize(height, width, stride, outputHeight, outputWidth))
        {
            SameSizeCol2Im(patches, image, channels, height, width, kernelHeight, kernelWidth, padding);
            return;
        }

        ref T source = ref MemoryMarshal.GetReference(patches);
        ref T target = ref MemoryMarshal.GetReference(image);
        for (int c = 0, row = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                for (int kx = 0; kx < kernelWidth; kx++, row++)
                {
                    int offset = kx - padding;
                    (int first, int end) = Inside(outputWidth, width, offset, stride);
                    for (int oy = 0; oy < outputHeight; oy++)
                    {
                        int y = (oy * stride) + ky - padding;
                        if ((uint)y >= (uint)height || first >= end)
                        {
                            continue;
                        }

                        ref T line = ref Unsafe.Add(ref source, (row * positions) + (oy * outputWidth));
                        ref T to = ref Unsafe.Add(ref target, (((c * height) + y) * width) + (first * stride) + offset);
                        for (int ox = first, i = 0; ox < end; ox++, i += stride)
                        {
                            Unsafe.Add(ref to, i) += Unsafe.Add(ref line, ox);
                        }
                    }
                }
            }
        }
    }

    /// <summary>z[f, p] = biases[f] for every position p: the start of a convolution's sums.</summary>
    public static void FillChannels<T>(ReadOnlySpan<T> biases, Span<T> z, int planeSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAtLeast(z.Length, biases.Length * planeSize, nameof(z));
        for (int f = 0; f < biases.Length; f++)
        {
            z.Slice(f * planeSize, planeSize).Fill(biases[f]);
        }
    }

    /// <summary>sums[f] += Σ_p values[f, p]: a convolution's bias gradient.</summary>
    public static void AddChannelSums<T>(ReadOnlySpan<T> values, Span<T> sums, int planeSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAtLeast(values.Length, sums.Length * planeSize, nameof(values));
        for (int f = 0; f < sums.Length; f++)
        {
            sums[f] += Sum(values.Slice(f * planeSize, planeSize));
        }
    }

    /// <summary>
    /// parameters[i] += negativeLearningRate · gradients[i], rounding the product before the sum as
    /// <see cref="Sgd{T}"/> does, so a fused step equals Backward then Sgd bit for bit.
    /// </summary>
    public static void SgdStep<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T negativeLearningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            var rate = new Vector<T>(negativeLearningRate);
            for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameters.Slice(i));
                (p + (rate * new Vector<T>(gradients.Slice(i)))).CopyTo(parameters.Slice(i));
            }
        }

        for (; i < parameters.Length; i++)
        {
            parameters[i] += negativeLearningRate * gradients[i];
        }
    }

    private static T Sum<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            Vector<T> partial = Vector<T>.Zero;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                partial += new Vector<T>(values.Slice(i));
            }

            sum = Vector.Sum(partial);
        }

        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>
    /// A stride-1 convolution padded to keep the image's size (a 3×3 kernel with padding 1): each patch row is the
    /// channel's plane shifted by (ky − p)·width + (kx − p), so it is one contiguous copy, then the few values that
    /// wrapped round a row edge or fell in the padding are zeroed.
    /// </summary>
    private static bool KeepsSize(int height, int width, int stride, int outputHeight, int outputWidth) =>
        stride == 1 && outputHeight == height && outputWidth == width;

    private static void SameSizeIm2Col<T>(ReadOnlySpan<T> image, Span<T> patches, int channels, int height, int width, int kernelHeight, int kernelWidth, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = height * width;
        for (int c = 0, row = 0; c < channels; c++)
        {
            ReadOnlySpan<T> source = image.Slice(c * plane, plane);
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                for (int kx = 0; kx < kernelWidth; kx++, row++)
                {
                    Span<T> line = patches.Slice(row * plane, plane);
                    var shift = new PlaneShift(height, width, ky - padding, kx - padding);
                    if (shift.IsEmpty)
                    {
                        line.Clear();
                        continue;
                    }

                    line.Slice(0, shift.Start).Clear();
                    source.Slice(shift.Start + shift.Offset, shift.End - shift.Start).CopyTo(line.Slice(shift.Start));
                    line.Slice(shift.End).Clear();
                    shift.ClearWrappedColumns(line);
                }
            }
        }
    }

    private static void SameSizeCol2Im<T>(Span<T> patches, Span<T> image, int channels, int height, int width, int kernelHeight, int kernelWidth, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = height * width;
        for (int c = 0, row = 0; c < channels; c++)
        {
            Span<T> target = image.Slice(c * plane, plane);
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                for (int kx = 0; kx < kernelWidth; kx++, row++)
                {
                    Span<T> line = patches.Slice(row * plane, plane);
                    var shift = new PlaneShift(height, width, ky - padding, kx - padding);
                    if (shift.IsEmpty)
                    {
                        continue;
                    }

                    shift.ClearWrappedColumns(line);
                    Add(line.Slice(shift.Start, shift.End - shift.Start), target.Slice(shift.Start + shift.Offset));
                }
            }
        }
    }

    /// <summary>target[i] += values[i].</summary>
    private static void Add<T>(ReadOnlySpan<T> values, Span<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (new Vector<T>(target.Slice(i)) + new Vector<T>(values.Slice(i))).CopyTo(target.Slice(i));
            }
        }

        for (; i < values.Length; i++)
        {
            target[i] += values[i];
        }
    }

    /// <summary>
    /// One patch row of a size-keeping convolution: position p reads the plane at p + Offset, valid for output rows
    /// [FirstRow, EndRow) and columns [FirstColumn, EndColumn); [Start, End) is the contiguous run from the first valid
    /// position to the last.
    /// </summary>
    private readonly struct PlaneShift
    {
        private readonly int _width;
        private readonly int _firstRow;
        private readonly int _endRow;
        private readonly int _firstColumn;
        private readonly int _endColumn;

        public PlaneShift(int height, int width, int dy, int dx)
        {
            _width = width;
            _firstRow = Math.Max(0, -dy);
            _endRow = Math.Min(height, height - dy);
            _firstColumn = Math.Max(0, -dx);
            _endColumn = Math.Min(width, width - dx);
            Offset = (dy * width) + dx;
            IsEmpty = _firstRow >= _endRow || _firstColumn >= _endColumn;
            Start = (_firstRow * width) + _firstColumn;
            End = IsEmpty ? Start : ((_endRow - 1) * width) + _endColumn;
        }

        public int Offset { get; }

        public bool IsEmpty { get; }

        public int Start { get; }

        public int End { get; }

        /// <summary>Zeroes the invalid columns of every valid row, which a contiguous copy filled from the next or previous image row.</summary>
        public void ClearWrappedColumns<T>(Span<T> line)
            where T : unmanaged
        {
            for (int y = _firstRow; y < _endRow; y++)
            {
                line.Slice(y * _width, _firstColumn).Clear();
                line.Slice((y * _width) + _endColumn, _width - _endColumn).Clear();
            }
        }
    }

    /// <summary>The positions ox in [first, end) of a line of <paramref name="count"/> whose ox·stride + offset lies in [0, length).</summary>
    private static (int First, int End) Inside(int count, int length, int offset, int stride)
    {
        int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int end = length - offset <= 0 ? 0 : Math.Min(count, ((length - offset - 1) / stride) + 1);
        return (Math.Min(first, end), end);
    }

    private static void CheckAtLeast(int actual, int needed, string parameterName)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"Expected a span of at least {needed} values but got {actual}.", parameterName);
        }
    }
}
