using CompiledNet.Generated;
using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// Every SIMD width of the kernels, run on this machine whatever it accelerates: Vector512 and Vector256 execute in
/// software where the CPU lacks them, so the AVX-512 code is checked for correctness here even without AVX-512.
/// </summary>
public sealed class LaneWidthTests
{
    // Widths travel by name: the enum is internal to the runtime, and a public theory cannot take it as a parameter.
    public static TheoryData<string, int> WidthsAndLengths
    {
        get
        {
            // Lengths around one and two vectors of 16 floats, so each width's main loop, single-vector loop and tail run.
            var data = new TheoryData<string, int>();
            foreach (string width in Enum.GetNames<LaneWidth>())
            {
                foreach (int length in new[] { 0, 1, 7, 15, 16, 17, 31, 32, 33, 47, 100 })
                {
                    data.Add(width, length);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Widths => new(Enum.GetNames<LaneWidth>());

    [Fact]
    public void The_chosen_width_is_the_widest_the_CPU_accelerates()
    {
        LaneWidth expected = Vector512.IsHardwareAccelerated ? LaneWidth.Bits512
            : Vector256.IsHardwareAccelerated ? LaneWidth.Bits256
            : Vector.IsHardwareAccelerated ? LaneWidth.Vector
            : LaneWidth.Scalar;
        Assert.Equal(expected, Lanes.Best);
        int expectedBits = expected switch
        {
            LaneWidth.Bits512 => 512,
            LaneWidth.Bits256 => 256,
            LaneWidth.Vector => Vector<byte>.Count * 8,
            _ => 0,
        };
        Assert.Equal(expectedBits, Kernels.VectorWidthBits);
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void Dot_at_every_width_matches_a_double_precision_sum(string widthName, int length)
    {
        LaneWidth width = Enum.Parse<LaneWidth>(widthName);
        AssertDotMatchesReference<float>(width, length, 1e-6);
        AssertDotMatchesReference<double>(width, length, 1e-14);
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void Elementwise_kernels_give_the_same_bits_at_every_width(string widthName, int length)
    {
        LaneWidth width = Enum.Parse<LaneWidth>(widthName);
        // No reduction: each element's arithmetic is the same at every width, so the results must match bit for bit.
        var random = new Random(length + 3);
        float[] x = Random<float>(random, length), start = Random<float>(random, length), deltaStart = Random<float>(random, length);
        const float Scale = 0.37f, Dz = -1.25f, NegativeRate = -0.05f;

        float[] added = (float[])start.Clone(), expectedAdded = (float[])start.Clone();
        LaneKernels.MultiplyAdd(width, x, Scale, added);
        LaneKernels.MultiplyAdd(LaneWidth.Scalar, x, Scale, expectedAdded);

        float[] stepped = (float[])start.Clone(), expectedStepped = (float[])start.Clone();
        LaneKernels.SgdStepRow(width, stepped, x, Dz, NegativeRate);
        LaneKernels.SgdStepRow(LaneWidth.Scalar, expectedStepped, x, Dz, NegativeRate);

        float[] weights = (float[])start.Clone(), delta = (float[])deltaStart.Clone();
        LaneKernels.BackPropagateAndSgdStepRow(width, weights, x, Dz, NegativeRate, delta);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(start[i] + (Scale * x[i]), expectedAdded[i]);
            Assert.Equal(start[i] + (NegativeRate * (Dz * x[i])), expectedStepped[i]);
            Assert.Equal(expectedAdded[i], added[i]);
            Assert.Equal(expectedStepped[i], stepped[i]);
            Assert.Equal(expectedStepped[i], weights[i]);
            Assert.Equal(deltaStart[i] + (Dz * start[i]), delta[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Batch_kernels_at_every_width_match_plain_loops(string widthName)
    {
        LaneWidth width = Enum.Parse<LaneWidth>(widthName);
        AssertBatchKernelsMatchPlainLoops<float>(width, 1e-6);
        AssertBatchKernelsMatchPlainLoops<double>(width, 1e-14);
    }

    [Fact]
    public void The_public_kernels_run_the_chosen_width()
    {
        var random = new Random(11);
        float[] x = Random<float>(random, 45), y = Random<float>(random, 45);
        Assert.Equal(LaneKernels.Dot(Lanes.Best, x, y), Kernels.Dot<float>(x, y));

        float[] weights = Random<float>(random, 7 * 45), biases = Random<float>(random, 7), inputs = Random<float>(random, 6 * 45);
        float[] viaPublic = new float[6 * 7], viaWidth = new float[6 * 7];
        BatchKernels.DenseForward<float>(weights, biases, inputs, viaPublic, 6, 45, 7);
        LaneKernels.DenseForward(Lanes.Best, weights, biases, inputs, viaWidth, 6, 45, 7);
        Assert.Equal(viaWidth, viaPublic);
    }

    private static void AssertBatchKernelsMatchPlainLoops<T>(LaneWidth width, double tolerancePerTerm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Shapes that cover the 4-sample by 2-neuron blocks, the lone-sample blocks of four neurons, and every tail.
        foreach ((int count, int inputSize, int outputSize) in new[] { (1, 1, 1), (5, 17, 3), (4, 33, 5), (9, 64, 7), (3, 100, 9) })
        {
            var random = new Random((count * 100) + inputSize);
            T[] weights = Random<T>(random, outputSize * inputSize), biases = Random<T>(random, outputSize), inputs = Random<T>(random, count * inputSize);
            var z = new T[count * outputSize];
            LaneKernels.DenseForward(width, weights, biases, inputs, z, count, inputSize, outputSize);
            for (int b = 0; b < count; b++)
            {
                for (int o = 0; o < outputSize; o++)
                {
                    double expected = double.CreateTruncating(biases[o]);
                    for (int i = 0; i < inputSize; i++)
                    {
                        expected += double.CreateTruncating(inputs[(b * inputSize) + i]) * double.CreateTruncating(weights[(o * inputSize) + i]);
                    }

                    double actual = double.CreateTruncating(z[(b * outputSize) + o]);
                    Assert.True(Math.Abs(actual - expected) <= tolerancePerTerm * (inputSize + 1), $"{typeof(T).Name} at {width}: DenseForward {count}x{inputSize}x{outputSize}");
                }
            }

            // dz · W: rows = samples, inner = outputs, columns = inputs; accumulate onto a non-zero start.
            T[] dz = Random<T>(random, count * outputSize), start = Random<T>(random, count * inputSize);
            T[] c = (T[])start.Clone();
            LaneKernels.MultiplyRows(width, dz, outputSize, 1, weights, c, count, outputSize, inputSize, accumulate: true);
            for (int r = 0; r < count; r++)
            {
                for (int n = 0; n < inputSize; n++)
                {
                    double expected = double.CreateTruncating(start[(r * inputSize) + n]);
                    for (int j = 0; j < outputSize; j++)
                    {
                        expected += double.CreateTruncating(dz[(r * outputSize) + j]) * double.CreateTruncating(weights[(j * inputSize) + n]);
                    }

                    double actual = double.CreateTruncating(c[(r * inputSize) + n]);
                    Assert.True(Math.Abs(actual - expected) <= tolerancePerTerm * (outputSize + 1), $"{typeof(T).Name} at {width}: MultiplyRows {count}x{outputSize}x{inputSize}");
                }
            }
        }
    }

    private static T[] Random<T>(Random random, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static void AssertDotMatchesReference<T>(LaneWidth width, int length, double tolerancePerTerm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length + 1);
        T[] x = Random<T>(random, length), y = Random<T>(random, length);
        double expected = 0;
        for (int i = 0; i < length; i++)
        {
            expected += double.CreateTruncating(x[i]) * double.CreateTruncating(y[i]);
        }

        double actual = double.CreateTruncating(LaneKernels.Dot(width, x, y));
        Assert.True(Math.Abs(actual - expected) <= tolerancePerTerm * (length + 1), $"{typeof(T).Name} at {width}, length {length}: {actual} vs {expected}");
    }

}
