using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class RpropUpdateTestsFloat : RpropUpdateTests<float>;

public sealed class RpropUpdateTestsDouble : RpropUpdateTests<double>;

/// <summary>Rprop against the iRPROP− rule, evaluated here in double.</summary>
public abstract class RpropUpdateTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double[] Initial = { 1.0, 1.0, 1.0, 1.0, 1.0, -2.0 };

    // Per column: same sign throughout; a sign change then the same sign; a change, then 0, then a change back;
    // always 0; a change after one step; tiny and huge magnitudes of one sign (only the sign matters).
    private static readonly double[][] Gradients =
    {
        new[] { 2.0, 0.5, 1.0, 0.0, -3.0, 1e-6 },
        new[] { 5.0, -0.5, -1.0, 0.0, 3.0, 1e6 },
        new[] { 0.1, -0.5, 0.0, 0.0, 3.0, 1e-3 },
        new[] { 4.0, -0.5, 1.0, 0.0, -3.0, 7.0 },
    };

    [Fact]
    public void Steps_by_hand_with_FANN_defaults()
    {
        T[] actual = TestValues.Run(new Rprop<T>(), Initial, Gradients, gradientScale: 0.25);

        // Column 0: Δ 0.1, 0.12, 0.144, 0.1728, always downhill.
        // Column 1: −0.1, then the sign change halves Δ to 0.05 and skips the move, then +0.05 (previous 0), +0.06.
        // Column 2: −0.1, change: Δ 0.05 and no move, 0 gradient: no move, then +g after a stored 0: −0.05.
        // Column 4: +0.1, change: 0.05, no move; −0.05 (previous 0), change again: Δ 0.025, no move.
        // Column 5: −0.1, −0.12, −0.144, −0.1728 whatever the magnitude.
        double[] expected =
        {
            1 - 0.1 - 0.12 - 0.144 - 0.1728,
            1 - 0.1 + 0.05 + 0.06,
            1 - 0.1 - 0.05,
            1.0,
            1 + 0.1 - 0.05,
            -2 - 0.1 - 0.12 - 0.144 - 0.1728,
        };
        TestValues.AssertClose(expected, actual);
        TestValues.AssertClose(Reference(0.1, 1.2, 0.5, 0, 50), actual);
    }

    [Fact]
    public void Step_size_is_clamped_to_its_maximum_and_minimum()
    {
        T[] actual = TestValues.Run(new Rprop<T>(initialStep: 0.1, increaseFactor: 1.5, decreaseFactor: 0.3, minStep: 0.04, maxStep: 0.2), Initial, Gradients, gradientScale: 1);

        // Column 0: Δ 0.1, 0.15, then min(0.225, 0.2) twice. Column 1: Δ 0.1, then max(0.03, 0.04) = 0.04.
        Assert.Equal(1 - 0.1 - 0.15 - 0.2 - 0.2, double.CreateTruncating(actual[0]), TestValues.Tolerance<T>());
        Assert.Equal(1 - 0.1 + 0.04 + 0.06, double.CreateTruncating(actual[1]), TestValues.Tolerance<T>());
        TestValues.AssertClose(Reference(0.1, 1.5, 0.3, 0.04, 0.2), actual);
    }

    [Fact]
    public void Gradient_scale_changes_nothing_but_through_its_sign()
    {
        T[] small = TestValues.Run(new Rprop<T>(), Initial, Gradients, gradientScale: 1e-3);
        T[] large = TestValues.Run(new Rprop<T>(), Initial, Gradients, gradientScale: 64);

        Assert.Equal(small, large);
    }

    private static double[] Reference(double initialStep, double increase, double decrease, double minStep, double maxStep)
    {
        double[] p = TestValues.Rounded<T>(Initial);
        var delta = new double[p.Length];
        Array.Fill(delta, initialStep);
        var previous = new double[p.Length];
        foreach (double[] gradient in Gradients)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = gradient[i];
                if (g * previous[i] > 0)
                {
                    delta[i] = Math.Min(delta[i] * increase, maxStep);
                }
                else if (g * previous[i] < 0)
                {
                    delta[i] = Math.Max(delta[i] * decrease, minStep);
                    g = 0;
                }

                p[i] -= Math.Sign(g) * delta[i];
                previous[i] = g;
            }
        }

        return p;
    }
}
