using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

/// <summary>Conversions between test data in double and the scalar type under test, and the comparison tolerance.</summary>
internal static class TestValues
{
    /// <summary>
    /// Relative tolerance (against max(1, |expected|)) of a T result vs a double reference: a few dozen units in
    /// the last place of T, enough for a handful of roundings per step and hyperparameters rounded to T.
    /// </summary>
    public static double Tolerance<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? 2e-6 : 1e-13;

    public static T[] Of<T>(params double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateTruncating).ToArray();

    public static double[] AsDouble<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }

    /// <summary>The values as T would hold them, back in double: the reference then starts from the same inputs.</summary>
    public static double[] Rounded<T>(params double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        AsDouble<T>(Of<T>(values));

    public static double Rounded<T>(double value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.CreateTruncating(value));

    public static void AssertClose<T>(double[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double tolerance = Tolerance<T>();
        for (int i = 0; i < expected.Length; i++)
        {
            double value = double.CreateTruncating(actual[i]);
            double allowed = tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(value - expected[i]) <= allowed,
                $"Element {i}: expected {expected[i]:R}, got {value:R} (allowed difference {allowed:R}).");
        }
    }

    /// <summary>Runs <paramref name="steps"/> on a copy of <paramref name="initial"/>, one gradient array per step.</summary>
    public static T[] Run<T>(IOptimizer<T> optimizer, double[] initial, double[][] gradients, double gradientScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] parameters = Of<T>(initial);
        foreach (double[] gradient in gradients)
        {
            optimizer.Step(parameters, Of<T>(gradient), T.CreateTruncating(gradientScale));
        }

        return parameters;
    }

    /// <summary>The gradients as T would hold them, back in double.</summary>
    public static double[][] RoundedSteps<T>(double[][] gradients)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        gradients.Select(g => Rounded<T>(g)).ToArray();
}
