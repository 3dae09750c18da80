using CompiledNet.Generated;
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>The vector kernels against naive loops, and the SplitMix64 generator's range, permutation and determinism.</summary>
public sealed class KernelAndRandomTests
{
    public static TheoryData<int> Lengths
    {
        get
        {
            var data = new TheoryData<int>();
            for (int n = 0; n <= 40; n++)
            {
                data.Add(n);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_matches_a_naive_sum_at_every_length_and_alignment(int n)
    {
        var random = new Random(n);
        for (int offset = 0; offset < 3; offset++)
        {
            double[] x = Draw(random, n + offset), y = Draw(random, n + offset);
            double exact = 0, magnitude = 0;
            for (int i = offset; i < n + offset; i++)
            {
                exact += x[i] * y[i];
                magnitude += Math.Abs(x[i] * y[i]);
            }

            // Any summation order is within n·ε·Σ|x_i y_i| of the exact sum; a dropped or doubled term is not.
            double doubleDot = Kernels.Dot<double>(x.AsSpan(offset), y.AsSpan(offset));
            Assert.InRange(Math.Abs(doubleDot - exact), 0, (n + 1) * 2.3e-16 * magnitude);

            float[] xf = SampleData.ToFloat(x), yf = SampleData.ToFloat(y);
            double exactFloatInputs = Enumerable.Range(offset, n).Sum(i => (double)xf[i] * yf[i]);
            float floatDot = Kernels.Dot<float>(xf.AsSpan(offset), yf.AsSpan(offset));
            Assert.InRange(Math.Abs(floatDot - exactFloatInputs), 0, (n + 1) * 1.2e-7 * magnitude + 1e-30);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplyAdd_matches_a_naive_loop_and_writes_nothing_outside_the_destination(int n)
    {
        var random = new Random(1000 + n);
        for (int offset = 0; offset < 3; offset++)
        {
            float[] x = SampleData.ToFloat(Draw(random, n + offset));
            float[] destination = SampleData.ToFloat(Draw(random, n + offset + 2));
            float scale = (float)(random.NextDouble() * 4 - 2);
            float[] xBefore = (float[])x.Clone(), before = (float[])destination.Clone();

            Kernels.MultiplyAdd<float>(x.AsSpan(offset), scale, destination.AsSpan(offset, n));

            Assert.Equal(xBefore, x);
            for (int i = 0; i < destination.Length; i++)
            {
                if (i < offset || i >= offset + n)
                {
                    Assert.Equal(before[i], destination[i]);
                    continue;
                }

                // One product and one sum: within a rounding or two of the exact value, fused or not.
                double exact = before[i] + (double)scale * x[i];
                double allowed = 2 * 6e-8 * (Math.Abs(before[i]) + Math.Abs(scale * x[i]));
                Assert.InRange(Math.Abs(destination[i] - exact), 0, allowed);
            }
        }
    }

    [Fact]
    public void MultiplyAdd_in_double_matches_the_naive_loop()
    {
        var random = new Random(7);
        double[] x = Draw(random, 37), destination = Draw(random, 37);
        double[] expected = destination.Select((d, i) => d + 0.375 * x[i]).ToArray();
        Kernels.MultiplyAdd<double>(x, 0.375, destination);
        Tolerance.AllClose(destination, expected, 4.5e-16, 0, "destination");
    }

    [Fact]
    public void Kernels_reject_spans_of_different_lengths()
    {
        Assert.Throws<ArgumentException>(() => Kernels.Dot<float>(new float[8], new float[9]));
        Assert.Throws<ArgumentException>(() => Kernels.MultiplyAdd<float>(new float[8], 1f, new float[7]));
    }

    [Fact]
    public void Sgd_steps_by_learning_rate_times_scale_times_gradient_and_rejects_bad_rates()
    {
        float[] parameters = [1f, -2f, 0.5f];
        float[] gradients = [0.25f, 4f, -1f];
        new Sgd<float>(0.5f).Step(parameters, gradients, 0.25f);
        Assert.Equal(new[] { 1f - 0.03125f, -2f - 0.5f, 0.5f + 0.125f }, parameters);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(-0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(float.PositiveInfinity));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextInt32_stays_in_range(int bound)
    {
        var random = new SeededRandom(bound);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextInt32(bound), 0, bound - 1);
        }
    }

    [Fact]
    public void NextInt32_hits_every_value_about_equally_often()
    {
        // 70,000 draws over 7 values: each count is 10,000 ± 93 (one standard deviation); ±500 is over 5σ.
        var random = new SeededRandom(2024);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[random.NextInt32(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(7UL)]
    [InlineData(1000UL)]
    [InlineData(1_000_003UL)]
    [InlineData((ulong)int.MaxValue)]
    public void The_one_division_reduction_keeps_and_rejects_exactly_the_draws_the_two_division_form_does(ulong bound)
    {
        // The form NextInt32 had before: reject value >= limit, else value % bound. Any change would change every
        // seed's shuffles, so the boundary draws are checked exactly, and a spread of others.
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        var draws = new List<ulong> { 0, 1, bound - 1, bound, limit - bound, limit - 1, limit, unchecked(limit + 1), ulong.MaxValue - 1, ulong.MaxValue };
        var random = new SeededRandom((int)(bound % int.MaxValue));
        for (int i = 0; i < 10_000; i++)
        {
            draws.Add(random.NextUInt64());
        }

        foreach (ulong value in draws)
        {
            bool kept = SeededRandom.TryReduce(value, bound, out int result);
            Assert.Equal(value < limit, kept);
            if (kept)
            {
                Assert.Equal((int)(value % bound), result);
            }
        }
    }

    [Fact]
    public void NextInt32_rejects_a_bound_that_is_not_positive()
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt32(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt32(-5));
    }

    [Fact]
    public void The_same_seed_repeats_the_sequence_and_other_seeds_do_not()
    {
        ulong[] Sequence(int seed)
        {
            var random = new SeededRandom(seed);
            return Enumerable.Range(0, 16).Select(_ => random.NextUInt64()).ToArray();
        }

        Assert.Equal(Sequence(5), Sequence(5));
        Assert.NotEqual(Sequence(5), Sequence(6));
        Assert.NotEqual(Sequence(0), Sequence(-1));
    }

    [Fact]
    public void NextDouble_and_FillUniform_stay_in_their_half_open_ranges()
    {
        var random = new SeededRandom(3);
        double sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            double d = random.NextDouble();
            Assert.InRange(d, 0.0, Math.BitDecrement(1.0));
            sum += d;
        }

        Assert.InRange(sum / 20_000, 0.49, 0.51); // σ of the mean ≈ 0.002

        var values = new double[5_000];
        random.FillUniform<double>(values, 0.75);
        Assert.All(values, v => Assert.InRange(v, -0.75, Math.BitDecrement(0.75)));
        Assert.True(values.Min() < -0.7 && values.Max() > 0.7, "FillUniform does not cover its range.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    public void Shuffle_yields_a_permutation_determined_by_the_seed(int length)
    {
        int[] Shuffled(int seed)
        {
            int[] items = Enumerable.Range(0, length).ToArray();
            var random = new SeededRandom(seed);
            random.Shuffle(items.AsSpan());
            return items;
        }

        int[] first = Shuffled(11);
        Assert.Equal(Enumerable.Range(0, length), first.Order());
        Assert.Equal(first, Shuffled(11));
        if (length >= 10)
        {
            Assert.NotEqual(first, Shuffled(12));
            Assert.NotEqual(Enumerable.Range(0, length), first);
        }
    }

    [Fact]
    public void Shuffle_makes_every_ordering_of_three_items_equally_likely()
    {
        // Fisher-Yates with an off-by-one bound favours some orderings or never produces others.
        // 60,000 shuffles over 6 orderings: each 10,000 ± 91 (σ); ±500 is over 5σ.
        var counts = new Dictionary<string, int>();
        var random = new SeededRandom(99);
        for (int i = 0; i < 60_000; i++)
        {
            char[] items = ['a', 'b', 'c'];
            random.Shuffle(items.AsSpan());
            string key = new(items);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 9_500, 10_500));
    }

    private static double[] Draw(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
}
