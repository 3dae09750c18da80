using System;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using CompiledNet.Generated;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// PanelKernels.DenseForward, ForwardBatch's dense layer, against its definition in double precision, at every SIMD
/// width: row counts around a panel (two vectors of samples), neuron counts around its eight-neuron blocks, input
/// lengths around the 8×8 transposes.
/// </summary>
public sealed class PanelKernelTests
{
    private static readonly (int Count, int Inputs, int Outputs)[] Shapes =
    [
        (1, 1, 1), (3, 7, 5), (8, 8, 8), (9, 9, 9), (33, 20, 17), (64, 64, 32), (70, 101, 13), (32, 784, 10),
    ];

    public static TheoryData<string> Widths => new(Enum.GetNames<LaneWidth>());

    [Theory]
    [MemberData(nameof(Widths))]
    public void Float_sums_match_the_definition(string width)
    {
        foreach ((int count, int inputs, int outputs) in Shapes)
        {
            Check<float>(Enum.Parse<LaneWidth>(width), count, inputs, outputs, epsilon: 5.9604644775390625e-8);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Double_sums_match_the_definition(string width)
    {
        foreach ((int count, int inputs, int outputs) in Shapes)
        {
            Check<double>(Enum.Parse<LaneWidth>(width), count, inputs, outputs, epsilon: 1.1102230246251565e-16);
        }
    }

    [Fact]
    public void A_rows_result_is_the_same_in_any_full_panel_and_Forwards_in_a_short_one()
    {
        // Each z of a full panel is one chain of fused multiply-adds in input order, whatever column the row lands in.
        var random = new Random(21);
        const int Rows = 70, Inputs = 101, Outputs = 13;
        float[] weights = Values(random, Outputs * Inputs), biases = Values(random, Outputs), inputs = Values(random, Rows * Inputs);
        var together = new float[Rows * Outputs];
        PanelKernels.DenseForward<float>(weights, biases, inputs, together, Rows, Inputs, Outputs, new float[Inputs * PanelKernels.MaxPanelWidth]);
        int width = 2 * Lanes.Best switch
        {
            LaneWidth.Bits512 => Vector512<float>.Count,
            LaneWidth.Bits256 => Vector256<float>.Count,
            LaneWidth.Vector => Vector<float>.Count,
            LaneWidth.Scalar => 1,
            var other => throw new ArgumentOutOfRangeException(nameof(other), other, "A lane width this test does not know."),
        };
        int full = Rows / width * width;
        Assert.True(Rows - full < PanelKernels.MinPanelRows(width), "the last panel must be short for this test");

        // Shifted by three rows, every row of a full panel lands in another column, or in another panel.
        var shifted = new float[full * Outputs];
        PanelKernels.DenseForward<float>(weights, biases, inputs.AsSpan(3 * Inputs, full * Inputs), shifted, full, Inputs, Outputs, new float[Inputs * PanelKernels.MaxPanelWidth]);
        for (int row = 3; row < full; row++)
        {
            Assert.Equal(together.AsSpan(row * Outputs, Outputs).ToArray(), shifted.AsSpan((row - 3) * Outputs, Outputs).ToArray());
        }

        var alone = new float[Outputs];
        for (int row = full; row < Rows; row++)
        {
            BatchKernels.DenseForward<float>(weights, biases, inputs.AsSpan(row * Inputs, Inputs), alone, 1, Inputs, Outputs);
            Assert.Equal(alone, together.AsSpan(row * Outputs, Outputs).ToArray());
        }
    }

    [Fact]
    public void A_short_panel_buffer_is_refused_with_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            PanelKernels.DenseForward<float>(new float[20], new float[2], new float[10], new float[2], 1, 10, 2, new float[10 * PanelKernels.MaxPanelWidth - 1]));
        Assert.Equal("panel", error.ParamName);
        Assert.Contains("at least 320 values but got 319", error.Message);
    }

    private static void Check<T>(LaneWidth width, int count, int inputs, int outputs, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((count * 1000) + (inputs * 10) + outputs);
        T[] weights = Values<T>(random, outputs * inputs), biases = Values<T>(random, outputs), x = Values<T>(random, count * inputs);
        T[] z = Enumerable.Repeat(T.NaN, count * outputs).ToArray();
        var panel = new T[inputs * PanelKernels.MaxPanelWidth];
        switch (width)
        {
            case LaneWidth.Bits512: PanelKernels.DenseForward<T, Vector512<T>, Lanes512<T>>(weights, biases, x, z, count, inputs, outputs, panel); break;
            case LaneWidth.Bits256: PanelKernels.DenseForward<T, Vector256<T>, Lanes256<T>>(weights, biases, x, z, count, inputs, outputs, panel); break;
            case LaneWidth.Vector: PanelKernels.DenseForward<T, Vector<T>, LanesVector<T>>(weights, biases, x, z, count, inputs, outputs, panel); break;
            default: PanelKernels.DenseForward<T, T, LanesScalar<T>>(weights, biases, x, z, count, inputs, outputs, panel); break;
        }

        for (int b = 0; b < count; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double exact = double.CreateTruncating(biases[o]), magnitude = Math.Abs(exact);
                for (int i = 0; i < inputs; i++)
                {
                    double term = double.CreateTruncating(weights[(o * inputs) + i]) * double.CreateTruncating(x[(b * inputs) + i]);
                    exact += term;
                    magnitude += Math.Abs(term);
                }

                // A chain of n multiply-adds and one add (ε = 2^-24 or 2^-53) errs by at most (2n + 1)·ε·Σ|terms|: each
                // multiply-add rounds once where the CPU fuses it at this width and twice where it does not.
                double bound = ((2 * inputs) + 1) * epsilon * magnitude;
                double actual = double.CreateTruncating(z[(b * outputs) + o]);
                Assert.True(Math.Abs(actual - exact) <= bound, $"{width} {typeof(T).Name} {count}×{inputs}→{outputs}: z[{b}, {o}] = {actual}, exact {exact}, bound {bound}.");
            }
        }
    }

    private static float[] Values(Random random, int count) => Values<float>(random, count);

    private static T[] Values<T>(Random random, int count)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, count).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1)).ToArray();
}
