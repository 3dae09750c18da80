using CompiledNet.Generated;
using System;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// ApproximateSigmoid, the opt-in Activation.ApproximateSigmoid: the error bounds its documentation states, against
/// the exact sigmoid in double, over a sweep and at the extremes; its slope against y(1 - y), the derivative the
/// generated backward pass uses; and one float against a vector lane.
/// </summary>
public sealed class ApproximateSigmoidTests(ITestOutputHelper log)
{
    // The documented bounds: relative from z = -86 up, absolute everywhere.
    private const double RelativeBound = 8e-5;
    private const double AbsoluteBound = 2e-5;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Within_the_documented_bounds_of_the_exact_sigmoid_over_the_whole_range(bool portable)
    {
        double worstRelative = 0, worstAbsolute = 0;
        float relativeAt = 0, absoluteAt = 0;
        const float step = 1e-4f;
        for (float z0 = -100f; z0 < 100f; z0 += 4 * step)
        {
            Vector128<float> z = Vector128.Create(z0, z0 + step, z0 + (2 * step), z0 + (3 * step));
            Vector128<float> y = ApproximateSigmoid.Compute(z, portable);
            for (int j = 0; j < 4; j++)
            {
                double exact = 1 / (1 + Math.Exp(-(double)z[j]));
                double absolute = Math.Abs(y[j] - exact);
                if (absolute > worstAbsolute)
                {
                    (worstAbsolute, absoluteAt) = (absolute, z[j]);
                }

                if (z[j] >= -86f && absolute / exact > worstRelative)
                {
                    (worstRelative, relativeAt) = (absolute / exact, z[j]);
                }
            }
        }

        log.WriteLine($"portable {portable}: relative {worstRelative:E3} at z = {relativeAt:R}, absolute {worstAbsolute:E3} at z = {absoluteAt:R}.");
        Assert.True(worstRelative <= RelativeBound, $"Relative error {worstRelative:E3} at z = {relativeAt:R}.");
        Assert.True(worstAbsolute <= AbsoluteBound, $"Absolute error {worstAbsolute:E3} at z = {absoluteAt:R}.");
    }

    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.MaxValue)]
    [InlineData(1e30f)]
    [InlineData(88f)]
    [InlineData(float.Epsilon)]
    [InlineData(0f)]
    [InlineData(-float.Epsilon)]
    [InlineData(-88f)]
    [InlineData(-1e30f)]
    [InlineData(float.MinValue)]
    [InlineData(float.NegativeInfinity)]
    public void At_the_extremes_it_stays_within_the_absolute_bound_and_between_0_and_1(float z)
    {
        double exact = float.IsNegativeInfinity(z) ? 0 : float.IsPositiveInfinity(z) ? 1 : 1 / (1 + Math.Exp(-(double)z));
        float y = ApproximateSigmoid.Compute(z);
        Assert.InRange(y, 0f, 1f);
        Assert.True(Math.Abs(y - exact) <= AbsoluteBound, $"z = {z:R}: {y:R}, exact {exact:R}.");
        Assert.Equal(BitConverter.SingleToInt32Bits(y), BitConverter.SingleToInt32Bits(ApproximateSigmoid.Compute(Vector128.Create(z))[0]));
    }

    [Fact]
    public void Far_below_zero_it_returns_the_clamp_s_tiny_value_never_zero_or_negative()
    {
        // The exact value is under 4.5e-38 here, so the relative bound does not hold but the absolute one does.
        float y = ApproximateSigmoid.Compute(-1000f);
        Assert.InRange(y, 4e-38f, 5e-38f);
        Assert.Equal(y, ApproximateSigmoid.Compute(float.NegativeInfinity));
    }

    [Fact]
    public void NaN_stays_NaN_in_its_own_lane_only_and_in_the_double_form()
    {
        SigmoidChecks.NaNStaysInItsOwnLane(ApproximateSigmoid.Compute, ApproximateSigmoid.Compute);
        Assert.True(double.IsNaN(ApproximateSigmoid.Compute(double.NaN)));
        Assert.True(float.IsNaN(ApproximateSigmoid.Compute(Vector128.Create(float.NaN), portable: true)[0]));
    }

    [Fact]
    public void The_derivative_the_generated_code_uses_y_times_1_minus_y_matches_central_differences_of_the_approximation()
    {
        // The slope of the approximation itself, not of the exact sigmoid: within 0.4% of y(1 - y) as documented,
        // plus what float rounding of y leaves in a difference over 2h.
        const float h = 1e-2f;
        double worst = 0;
        float worstAt = 0;
        for (float z = -16f; z <= 16f; z += 0.0137f)
        {
            float below = z - h, above = z + h;
            double centralDifference = ((double)ApproximateSigmoid.Compute(above) - ApproximateSigmoid.Compute(below)) / ((double)above - below);
            double y = ApproximateSigmoid.Compute(z);
            double analytic = y * (1 - y);
            double error = Math.Abs(centralDifference - analytic) / ((0.004 * analytic) + 1e-5);
            if (error > worst)
            {
                (worst, worstAt) = (error, z);
            }
        }

        log.WriteLine($"Largest |difference - y(1 - y)| / (0.004·y(1 - y) + 1e-5): {worst:F3} at z = {worstAt:R}.");
        Assert.True(worst <= 1, $"{worst:F3} of the allowance at z = {worstAt:R}.");
    }

    [Fact]
    public void One_float_and_the_double_form_give_a_vector_lane_s_bits()
    {
        var random = new Random(23);
        for (int i = 0; i < 100_000; i++)
        {
            float z = i % 2 == 0
                ? BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31))
                : (float)((random.NextDouble() * 200) - 100);
            float lane = ApproximateSigmoid.Compute(Vector128.Create(z, 0f, 1f, -1f))[0];
            if (float.IsNaN(z))
            {
                continue;
            }

            Assert.Equal(BitConverter.SingleToInt32Bits(lane), BitConverter.SingleToInt32Bits(ApproximateSigmoid.Compute(z)));
            Assert.Equal((double)lane, ApproximateSigmoid.Compute((double)z));
        }
    }
}
