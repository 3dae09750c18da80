using CompiledNet.Generated;
using System;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// FastSigmoid, the vector sigmoid of four-neuron hidden layers: its error against the exact sigmoid in ulps, its
/// edges (infinities, NaN, the clamp) and the promise that the one-float form gives the vector form's bits exactly.
/// </summary>
public sealed class FastSigmoidTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Within_4_ulp_of_the_exact_sigmoid_from_minus_30_to_30(bool fused)
    {
        double worst = WorstUlps(-30f, 30f, 2e-5f, fused, out float at);
        log.WriteLine($"Largest error over [-30, 30], fused {fused}: {worst:F2} ulp at z = {at:R}.");
        Assert.True(worst <= 4, $"{worst:F2} ulp at z = {at:R}.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Within_4_ulp_down_to_where_the_exact_value_leaves_the_normal_floats(bool fused)
    {
        // Below about -87.3 the exact sigmoid is under 2^-126; above that the clamp must not bite. Unfused is what a
        // CPU without a fused multiply-add computes.
        double worst = WorstUlps(-87.3f, -30f, 1e-4f, fused, out float at);
        log.WriteLine($"Largest error over [-87.3, -30], fused {fused}: {worst:F2} ulp at z = {at:R}.");
        Assert.True(worst <= 4, $"{worst:F2} ulp at z = {at:R}.");
    }

    [Fact]
    public void The_derivative_the_generated_code_uses_y_times_1_minus_y_matches_central_differences()
    {
        // The backward pass multiplies by y(1 - y) with y = FastSigmoid(z); the approximation must have that slope.
        const float h = 1e-2f;
        for (float z = -12f; z <= 12f; z += 0.37f)
        {
            float below = z - h, above = z + h;
            Vector128<float> y = FastSigmoid.Compute(Vector128.Create(below, z, above, 0f));
            double centralDifference = ((double)y[2] - y[0]) / ((double)above - below);
            double analytic = y[1] * (1.0 - y[1]);
            Assert.True(Math.Abs(centralDifference - analytic) <= 5e-5, $"z = {z:R}: central difference {centralDifference}, y(1 - y) = {analytic}.");
        }
    }

    [Theory]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.MaxValue, 1f)]
    [InlineData(100f, 1f)]
    [InlineData(0f, 0.5f)]
    public void Exact_values_at_the_edges(float z, float expected)
    {
        Assert.Equal(expected, FastSigmoid.Compute(Vector128.Create(z))[0]);
        Assert.Equal(expected, FastSigmoid.Compute(z));
    }

    [Theory]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.MinValue)]
    [InlineData(-100f)]
    [InlineData(-88f)]
    public void Far_below_zero_the_value_is_tiny_and_never_negative(float z)
    {
        // The exact value is under 2^-126 here; the clamp returns about 1.2e-38 instead.
        float y = FastSigmoid.Compute(Vector128.Create(z))[0];
        Assert.InRange(y, 0f, 1.3e-38f);
        Assert.Equal(BitConverter.SingleToInt32Bits(y), BitConverter.SingleToInt32Bits(FastSigmoid.Compute(z)));
    }

    [Fact]
    public void NaN_stays_NaN_in_its_own_lane_only()
    {
        SigmoidChecks.NaNStaysInItsOwnLane(FastSigmoid.Compute, FastSigmoid.Compute);
    }

    [Fact]
    public void The_vector_form_the_portable_form_and_the_one_float_form_give_the_same_bits_for_any_float()
    {
        // Random bit patterns cover every exponent: tiny, huge, subnormal and NaN inputs as well as ordinary ones.
        var random = new Random(17);
        for (int i = 0; i < 200_000; i++)
        {
            var lanes = new float[4];
            for (int j = 0; j < 4; j++)
            {
                lanes[j] = i % 2 == 0
                    ? BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31))
                    : (float)((random.NextDouble() * 200) - 100);
            }

            Vector128<float> y = FastSigmoid.Compute(Vector128.Create(lanes));
            Vector128<float> portable = FastSigmoid.Compute(Vector128.Create(lanes), portable: true);
            for (int j = 0; j < 4; j++)
            {
                float scalar = FastSigmoid.Compute(lanes[j]);
                if (float.IsNaN(lanes[j]))
                {
                    Assert.True(float.IsNaN(y[j]) && float.IsNaN(portable[j]) && float.IsNaN(scalar), $"z = NaN gave {y[j]}, {portable[j]} and {scalar}.");
                    continue;
                }

                Assert.True(
                    BitConverter.SingleToInt32Bits(y[j]) == BitConverter.SingleToInt32Bits(scalar)
                        && BitConverter.SingleToInt32Bits(portable[j]) == BitConverter.SingleToInt32Bits(scalar),
                    $"z = {lanes[j]:R}: the vector gives {y[j]:R}, the portable path {portable[j]:R}, one float {scalar:R}.");
            }
        }
    }

    private static double WorstUlps(float from, float to, float step, bool fused, out float worstAt)
    {
        double worst = 0;
        worstAt = from;
        for (float z0 = from; z0 < to; z0 += 4 * step)
        {
            Vector128<float> z = Vector128.Create(z0, z0 + step, z0 + (2 * step), z0 + (3 * step));
            Vector128<float> y = fused ? FastSigmoid.Compute(z) : FastSigmoid.Compute(z, portable: true, fused: false);
            for (int j = 0; j < 4; j++)
            {
                double exact = 1 / (1 + Math.Exp(-(double)z[j]));
                float rounded = (float)exact;
                double ulp = MathF.BitIncrement(rounded) - rounded;
                double error = Math.Abs(y[j] - exact) / ulp;
                if (error > worst)
                {
                    worst = error;
                    worstAt = z[j];
                }
            }
        }

        return worst;
    }
}
