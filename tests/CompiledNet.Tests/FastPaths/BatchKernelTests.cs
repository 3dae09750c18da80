using CompiledNet.Generated;
using System;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>The batched matrix kernels against plain triple loops, over shapes that hit every blocked and remainder path.</summary>
public sealed class BatchKernelTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 3, 5, 7 },
        { 4, 16, 2 },
        { 5, 17, 3 },
        { 8, 33, 9 },
        { 13, 64, 11 },
        { 32, 100, 17 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DenseForward_matches_plain_loops(int count, int inputSize, int outputSize)
    {
        var random = new Random((count * 1000) + inputSize);
        float[] weights = Random(random, outputSize * inputSize), biases = Random(random, outputSize), inputs = Random(random, count * inputSize);
        var z = new float[count * outputSize];
        BatchKernels.DenseForward<float>(weights, biases, inputs, z, count, inputSize, outputSize);

        for (int b = 0; b < count; b++)
        {
            for (int o = 0; o < outputSize; o++)
            {
                double expected = biases[o];
                for (int i = 0; i < inputSize; i++)
                {
                    expected += (double)inputs[(b * inputSize) + i] * weights[(o * inputSize) + i];
                }

                AssertClose(expected, z[(b * outputSize) + o], inputSize);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyRows_matches_plain_loops_read_straight_or_transposed(int rows, int inner, int columns)
    {
        var random = new Random((rows * 7919) + columns);
        float[] a = Random(random, rows * inner), matrix = Random(random, inner * columns), start = Random(random, rows * columns);
        foreach (bool transposed in new[] { false, true })
        {
            // a(r, j) read as a[r·inner + j], or transposed as a[j·rows + r].
            int rowStride = transposed ? 1 : inner, columnStride = transposed ? rows : 1;
            foreach (bool accumulate in new[] { false, true })
            {
                float[] c = (float[])start.Clone();
                BatchKernels.MultiplyRows<float>(a, rowStride, columnStride, matrix, c, rows, inner, columns, accumulate);
                for (int r = 0; r < rows; r++)
                {
                    for (int n = 0; n < columns; n++)
                    {
                        double expected = accumulate ? start[(r * columns) + n] : 0;
                        for (int j = 0; j < inner; j++)
                        {
                            expected += (double)a[(r * rowStride) + (j * columnStride)] * matrix[(j * columns) + n];
                        }

                        AssertClose(expected, c[(r * columns) + n], inner);
                    }
                }
            }
        }
    }

    [Fact]
    public void AddColumnSums_adds_each_column()
    {
        float[] values = [1, 2, 3, 10, 20, 30];
        float[] sums = [100, 200, 300];
        BatchKernels.AddColumnSums<float>(values, 2, 3, sums);
        Assert.Equal(new float[] { 111, 222, 333 }, sums);
    }

    [Fact]
    public void Kernels_reject_spans_too_short_for_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => BatchKernels.DenseForward<float>(new float[6], new float[2], new float[5], new float[4], 2, 3, 2));
        Assert.Contains("6", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BatchKernels.MultiplyRows<float>(new float[3], 2, 1, new float[4], new float[4], 2, 2, 2, false));
    }

    [Theory]
    [InlineData(new float[] { 1, 2, 3 }, true)]
    [InlineData(new float[] { 1, float.NaN, 3 }, false)]
    [InlineData(new float[] { float.NegativeInfinity }, false)]
    [InlineData(new float[] { }, true)]
    public void AllFinite_spots_any_NaN_or_infinity(float[] values, bool finite)
    {
        Assert.Equal(finite, Kernels.AllFinite<float>(values));
        float[] padded = new float[37];
        values.CopyTo(padded, 30);
        Assert.Equal(finite, Kernels.AllFinite<float>(padded));
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static void AssertClose(double expected, float actual, int terms) =>
        // Each of the float products and sums rounds once: allow a few ulps per term of unit size.
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * (terms + 1), $"expected {expected:R}, got {actual:R}");
}
