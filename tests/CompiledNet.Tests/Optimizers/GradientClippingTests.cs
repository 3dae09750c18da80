using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class GradientClippingTestsFloat : GradientClippingTests<float>;

public sealed class GradientClippingTestsDouble : GradientClippingTests<double>;

public abstract class GradientClippingTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [Fact]
    public void Scale_is_unchanged_when_the_mean_gradient_is_within_the_limit()
    {
        T scale = T.CreateTruncating(0.5);

        // ‖0.5·(3, 4)‖ = 2.5.
        Assert.Equal(scale, GradientClipping.ClipScale<T>(TestValues.Of<T>(3, 4), scale, maxNorm: 2.5));
        Assert.Equal(scale, GradientClipping.ClipScale<T>(TestValues.Of<T>(3, 4), scale, maxNorm: 10));
        Assert.Equal(scale, GradientClipping.ClipScale<T>(new T[7], scale, maxNorm: 1));
    }

    [Fact]
    public void Clipped_scale_by_hand()
    {
        // ‖0.5·(3, 4)‖ = 2.5 > 1, so the scale becomes 0.5 / 2.5.
        T clipped = GradientClipping.ClipScale<T>(TestValues.Of<T>(3, 4), T.CreateTruncating(0.5), maxNorm: 1);

        Assert.Equal(0.2, double.CreateTruncating(clipped), TestValues.Tolerance<T>());
    }

    [Theory]
    [InlineData(1, 0.01)]
    [InlineData(37, 0.5)]
    [InlineData(100, 1e-3)]
    public void Clipped_mean_gradient_has_exactly_the_maximum_norm(int length, double maxNorm)
    {
        var gradients = new T[length];
        for (int i = 0; i < length; i++)
        {
            gradients[i] = T.CreateTruncating(OptimizerCatalog.InitialParameter(i) * 3 + 0.1);
        }

        T clipped = GradientClipping.ClipScale<T>(gradients, T.CreateTruncating(1.0 / 16), maxNorm);

        Assert.Equal(maxNorm, NormOfScaled(gradients, double.CreateTruncating(clipped)), maxNorm * TestValues.Tolerance<T>());
    }

    [Fact]
    public void Gradients_whose_squares_overflow_T_are_still_clipped()
    {
        T huge = T.CreateTruncating(typeof(T) == typeof(float) ? float.MaxValue / 4.0 : double.MaxValue / 4);
        T[] gradients = { huge, -huge, huge };

        T clipped = GradientClipping.ClipScale<T>(gradients, T.One, maxNorm: 2);

        Assert.True(clipped > T.Zero);
        Assert.Equal(2, NormOfScaled(gradients, double.CreateTruncating(clipped)), 2 * TestValues.Tolerance<T>());
    }

    [Fact]
    public void A_non_finite_gradient_passes_the_scale_through()
    {
        T scale = T.CreateTruncating(0.25);

        Assert.Equal(scale, GradientClipping.ClipScale<T>(TestValues.Of<T>(1, double.NaN, 2), scale, maxNorm: 0.1));
        Assert.Equal(scale, GradientClipping.ClipScale<T>(TestValues.Of<T>(1, double.PositiveInfinity), scale, maxNorm: 0.1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_max_norm_that_is_not_positive_and_finite_throws_with_the_value(double maxNorm)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientClipping.ClipScale<T>(TestValues.Of<T>(1), T.One, maxNorm));

        Assert.Equal("maxNorm", error.ParamName);
        Assert.Contains(maxNorm.ToString(System.Globalization.CultureInfo.CurrentCulture), error.Message, StringComparison.Ordinal);
    }

    /// <summary>‖scale·g‖₂ in double, scaling before squaring so huge gradients do not overflow.</summary>
    private static double NormOfScaled(T[] gradients, double scale)
    {
        double sum = 0;
        foreach (T g in gradients)
        {
            double scaled = scale * double.CreateTruncating(g);
            sum += scaled * scaled;
        }

        return Math.Sqrt(sum);
    }
}
