using CompiledNet.Generated;
using System;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// One sample through a dense layer too large for L1, the shape the row-streaming AVX-512 kernel takes: against
/// double-precision sums at every alignment of the weights and of the input, since the kernel splits each row by
/// where its cache lines start, and the same bits at each. On a CPU without AVX-512 the same calls check the 4-neuron block instead.
/// </summary>
public sealed class DenseRowKernelTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 784, 128 }, // W3's hidden layer
        { 16, 513 },  // a single vector per row: no aligned middle once the rows start mid-line
        { 32, 256 },  // the fewest weights the kernel takes; rows of 2, 3 and 4 vectors end in each accumulator in turn
        { 48, 171 },
        { 64, 129 },
        { 4096, 3 },  // the largest input it copies
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void One_sample_matches_double_sums_and_is_the_same_bit_for_bit_at_every_alignment(int inputSize, int outputSize)
    {
        var random = new Random(inputSize + outputSize);
        float[] weights = Random(random, outputSize * inputSize), biases = Random(random, outputSize), input = Random(random, inputSize);
        double[] expected = Reference(weights, biases, input, inputSize, outputSize);

        // Offsets move each row's start through every position within a 64-byte line, and the input's independently.
        var paddedWeights = new float[weights.Length + 16];
        var paddedInput = new float[inputSize + 16];
        var z = new float[outputSize];
        float[]? aligned = null;
        for (int shift = 0; shift < 16; shift++)
        {
            int inputShift = (shift * 7) % 16;
            Array.Clear(paddedWeights);
            Array.Clear(paddedInput);
            weights.CopyTo(paddedWeights, shift);
            input.CopyTo(paddedInput, inputShift);

            BatchKernels.DenseForward<float>(paddedWeights.AsSpan(shift, weights.Length), biases, paddedInput.AsSpan(inputShift, inputSize), z, 1, inputSize, outputSize);
            for (int o = 0; o < outputSize; o++)
            {
                // Each float product and sum rounds once: a few ulps per term of unit size.
                Assert.True(Math.Abs(z[o] - expected[o]) <= 1e-6 * (inputSize + 1), $"shift {shift}, neuron {o}: expected {expected[o]:R}, got {z[o]:R}");
            }

            // Where the array lies must not change a bit: two copies of a network must agree.
            aligned ??= (float[])z.Clone();
            Assert.Equal(aligned, z);
        }
    }

    [Fact]
    public void The_kernel_takes_W3_shaped_layers_where_the_CPU_has_AVX512()
    {
        Assert.Equal(Lanes.Best == LaneWidth.Bits512, DenseRowKernels.Handles(784, 128));
        Assert.False(DenseRowKernels.Handles(784, 8));   // 25 KB: stays in L1, the 4-neuron block is faster
        Assert.False(DenseRowKernels.Handles(785, 128)); // rows would start at different offsets within a line
    }

    [Fact]
    public void An_infinite_weight_near_a_row_end_gives_infinity_not_NaN()
    {
        // The first and last vector of a row overlap its middle; the overlap must not add 0 · ∞.
        const int inputSize = 784, outputSize = 128;
        var input = new float[inputSize];
        Array.Fill(input, 0.5f);
        var padded = new float[(outputSize * inputSize) + 16];
        var z = new float[outputSize];
        foreach (int column in new[] { 0, 5, 15, inputSize - 16, inputSize - 6, inputSize - 1 })
        {
            for (int shift = 0; shift < 16; shift++)
            {
                Array.Clear(padded);
                padded[shift + column] = float.PositiveInfinity;
                BatchKernels.DenseForward<float>(padded.AsSpan(shift, outputSize * inputSize), new float[outputSize], input, z, 1, inputSize, outputSize);
                Assert.True(float.IsPositiveInfinity(z[0]), $"column {column}, shift {shift}: got {z[0]:R}");
                Assert.Equal(0f, z[1]);
            }
        }
    }

    [Fact]
    public void One_sample_of_a_large_layer_allocates_nothing()
    {
        const int inputSize = 784, outputSize = 128;
        var random = new Random(3);
        float[] weights = Random(random, outputSize * inputSize), biases = Random(random, outputSize), input = Random(random, inputSize);
        var z = new float[outputSize];
        Assert.Equal(0, AllocationMeter.Measure(() => BatchKernels.DenseForward<float>(weights, biases, input, z, 1, inputSize, outputSize), warmUpRounds: 200));
    }

    private static double[] Reference(float[] weights, float[] biases, float[] input, int inputSize, int outputSize)
    {
        var z = new double[outputSize];
        for (int o = 0; o < outputSize; o++)
        {
            double sum = biases[o];
            for (int i = 0; i < inputSize; i++)
            {
                sum += (double)input[i] * weights[(o * inputSize) + i];
            }

            z[o] = sum;
        }

        return z;
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
}
