using System;
using System.Globalization;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>Element-wise comparison |actual - expected| ≤ absolute + relative·|expected|, failing on NaN.</summary>
internal static class Tolerance
{
    /// <summary>
    /// How far outside the tolerance the worst element lies: ≤ 1 passes, 2 means twice the allowed error. A NaN or
    /// infinite difference counts as infinitely far.
    /// </summary>
    public static double WorstRatio(ReadOnlySpan<double> actual, double[] expected, double relative, double absolute, out int worstIndex)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double ratio = Math.Abs(actual[i] - expected[i]) / (absolute + relative * Math.Abs(expected[i]));
            if (double.IsNaN(ratio))
            {
                ratio = double.PositiveInfinity;
            }

            if (worstIndex < 0 || ratio > worst)
            {
                worst = ratio;
                worstIndex = i;
            }
        }

        return worst;
    }

    public static double WorstRatio(ReadOnlySpan<float> actual, double[] expected, double relative, double absolute, out int worstIndex) =>
        WorstRatio(SampleData.ToDouble(actual), expected, relative, absolute, out worstIndex);

    public static void AllClose(ReadOnlySpan<float> actual, double[] expected, double relative, double absolute, string what) =>
        AllClose(SampleData.ToDouble(actual), expected, relative, absolute, what);

    public static void AllClose(ReadOnlySpan<double> actual, double[] expected, double relative, double absolute, string what)
    {
        double worst = WorstRatio(actual, expected, relative, absolute, out int i);
        if (!(worst <= 1))
        {
            Assert.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}[{1}] is {2:R}, expected {3:R} (|diff| {4:E2} > {5:E2} = {6:E0} + {7:E0}·|expected|).",
                what,
                i,
                actual[i],
                expected[i],
                Math.Abs(actual[i] - expected[i]),
                absolute + relative * Math.Abs(expected[i]),
                absolute,
                relative));
        }
    }

    public static void Close(double actual, double expected, double relative, double absolute, string what) =>
        AllClose(new[] { actual }, new[] { expected }, relative, absolute, what);
}
