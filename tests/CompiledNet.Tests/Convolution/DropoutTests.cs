using System;
using System.Linq;
using System.Reflection;
using CompiledNet.Generated;
using Xunit;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// Dropout: the masks DropoutMasks draws (rate, scale, independence), Forward leaving them out, and the network's
/// dropout generator (seed and position) making training reproducible, on one thread or several.
/// </summary>
public sealed class DropoutTests
{
    // A zero count this many standard deviations from n·p fails: about one chance in 1.7 million for a fair generator.
    private const double Deviations = 5;

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_fraction_of_zeros_over_many_masks_is_within_binomial_bounds_of_p(double p)
    {
        // An odd length, so the last value of each mask comes from a draw of its own.
        var mask = new float[1001];
        long values = 0, zeros = 0, pairs = 0, zeroPairs = 0;
        for (ulong sample = 0; sample < 200; sample++)
        {
            for (int layer = 0; layer < 3; layer++)
            {
                DropoutMasks.Fill<float>(mask, seed: 2024, sample, layer, p);
                values += mask.Length;
                zeros += mask.Count(m => m == 0);

                // Values 2j and 2j + 1 share one 64-bit draw: both zero should be as rare as p², not p.
                for (int i = 0; i + 1 < mask.Length; i += 2)
                {
                    pairs++;
                    zeroPairs += mask[i] == 0 && mask[i + 1] == 0 ? 1 : 0;
                }
            }
        }

        AssertBinomial(zeros, values, p, "zeros");
        AssertBinomial(zeroPairs, pairs, p * p, "pairs of zeros sharing a draw");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Kept_values_are_exactly_one_over_one_minus_p_in_the_networks_precision(double p)
    {
        float[] single = new float[4096];
        double[] dual = new double[4096];
        DropoutMasks.Fill<float>(single, seed: 7, sample: 3, layer: 1, p);
        DropoutMasks.Fill<double>(dual, seed: 7, sample: 3, layer: 1, p);

        float singleScale = (float)(1 / (1 - p));
        double doubleScale = 1 / (1 - p);
        Assert.All(single, m => Assert.True(m == 0 || m == singleScale, $"A float mask value is {m:R}, not 0 or {singleScale:R}."));
        Assert.All(dual, m => Assert.True(m == 0 || m == doubleScale, $"A double mask value is {m:R}, not 0 or {doubleScale:R}."));
        Assert.Contains(singleScale, single);
        Assert.Contains(doubleScale, dual);

        // The same draw decides in either precision: only the scale's rounding differs.
        Assert.Equal(dual.Select(m => m == 0), single.Select(m => m == 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1001)]
    public void Probability_zero_keeps_every_value_unscaled(int length)
    {
        float[] single = Enumerable.Repeat(-1f, length).ToArray();
        double[] dual = Enumerable.Repeat(-1.0, length).ToArray();
        DropoutMasks.Fill<float>(single, seed: ulong.MaxValue, sample: 5, layer: 2, probability: 0);
        DropoutMasks.Fill<double>(dual, seed: ulong.MaxValue, sample: 5, layer: 2, probability: 0);

        Assert.All(single, m => Assert.Equal(1f, m));
        Assert.All(dual, m => Assert.Equal(1.0, m));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_probability_outside_zero_to_one_is_refused(double p)
    {
        var mask = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutMasks.Fill<float>(mask, seed: 1, sample: 0, layer: 0, p));
    }

    [Fact]
    public void Each_seed_sample_and_layer_draws_its_own_mask_and_the_same_triple_draws_it_again()
    {
        float[] Mask(ulong seed, ulong sample, int layer)
        {
            var mask = new float[256];
            DropoutMasks.Fill<float>(mask, seed, sample, layer, probability: 0.5);
            return mask;
        }

        float[] reference = Mask(seed: 10, sample: 20, layer: 0);
        Assert.Equal(reference, Mask(seed: 10, sample: 20, layer: 0));
        Assert.NotEqual(reference, Mask(seed: 11, sample: 20, layer: 0));
        Assert.NotEqual(reference, Mask(seed: 10, sample: 21, layer: 0));
        Assert.NotEqual(reference, Mask(seed: 10, sample: 20, layer: 1));
    }

    [Fact]
    public void Forward_ignores_dropout_whatever_the_seed_and_position_and_draws_no_sample()
    {
        var network = new DropoutCnn(seed: 3);
        float[] input = Input(DropoutCnn.InputSize, seed: 1);
        float[] Output(ulong seed, ulong position)
        {
            network.DropoutSeed = seed;
            network.DropoutPosition = position;
            var output = new float[DropoutCnn.OutputSize];
            network.Forward(input, output);
            Assert.Equal(position, network.DropoutPosition);
            return output;
        }

        float[] first = Output(seed: 0, position: 0);
        Assert.Equal(first, Output(seed: 0, position: 1));
        Assert.Equal(first, Output(seed: 99, position: 12345));
    }

    [Fact]
    public void Backward_and_TrainSample_take_one_sample_BackwardBatch_one_per_row()
    {
        var network = new DropoutCnn(seed: 4);
        network.DropoutPosition = 10;
        float[] inputs = Input(5 * DropoutCnn.InputSize, seed: 2);
        float[] targets = OneHotTargets(5);

        network.Backward(inputs.AsSpan(0, DropoutCnn.InputSize), targets.AsSpan(0, 4));
        Assert.Equal(11UL, network.DropoutPosition);
        network.TrainSample(inputs.AsSpan(0, DropoutCnn.InputSize), targets.AsSpan(0, 4), 0.01f);
        Assert.Equal(12UL, network.DropoutPosition);
        network.BackwardBatch(inputs, targets, new float[DropoutCnn.ParameterCount]);
        Assert.Equal(17UL, network.DropoutPosition);

        // With the samples reserved by the caller, BackwardBatch draws theirs and leaves the position alone.
        Assert.Equal(17UL, network.ReserveDropoutSamples(5));
        network.BackwardBatch(inputs, targets, new float[DropoutCnn.ParameterCount], dropoutSample: 17);
        Assert.Equal(22UL, network.DropoutPosition);
    }

    [Fact]
    public void A_samples_masks_depend_on_its_position_alone()
    {
        // Network a's second Backward (position 1) must give what network b's first gives at position 1.
        var a = new DropoutCnn(seed: 5);
        var b = new DropoutCnn(seed: 5);
        float[] first = Input(DropoutCnn.InputSize, seed: 3), second = Input(DropoutCnn.InputSize, seed: 4);
        float[] target = { 0, 1, 0, 0 };

        a.Backward(first, target);
        a.ZeroGradients();
        a.Backward(second, target);
        b.DropoutPosition = 1;
        b.Backward(second, target);
        Assert.True(a.Gradients.SequenceEqual(b.Gradients), "The same position gave different gradients.");

        // And another position draws other masks.
        var c = new DropoutCnn(seed: 5);
        c.Backward(second, target);
        Assert.False(c.Gradients.SequenceEqual(b.Gradients), "Positions 0 and 1 gave the same gradients.");
    }

    [Fact]
    public void InitializeParameters_resets_the_dropout_seed_to_its_seed_and_the_position_to_zero()
    {
        var network = new DropoutCnn();
        Assert.Equal(0UL, network.DropoutSeed);
        network.DropoutSeed = 77;
        network.Backward(Input(DropoutCnn.InputSize, seed: 5), new float[] { 0, 0, 1, 0 });
        Assert.Equal(1UL, network.DropoutPosition);

        network.InitializeParameters(12);
        Assert.Equal(12UL, network.DropoutSeed);
        Assert.Equal(0UL, network.DropoutPosition);

        // The seeded constructor is InitializeParameters(seed): the same weights and the same dropout generator.
        var seeded = new DropoutCnn(seed: 12);
        Assert.Equal(12UL, seeded.DropoutSeed);
        Assert.Equal(0UL, seeded.DropoutPosition);
        Assert.True(seeded.Parameters.SequenceEqual(network.Parameters));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_with_the_same_seed_ends_bit_identical_and_another_dropout_seed_ends_elsewhere(int workers)
    {
        DataSet<float> data = Data(64);
        (float[] first, ulong position) = Fit(data, dropoutSeed: null, workers);
        (float[] again, _) = Fit(data, dropoutSeed: null, workers);
        (float[] reseeded, _) = Fit(data, dropoutSeed: 1234, workers);

        Assert.Equal(first, again);
        Assert.NotEqual(first, reseeded);

        // Three epochs of 64 samples, each drawing its masks once, however the batches were split.
        Assert.Equal(3UL * 64, position);
    }

    [Fact]
    public void Fit_on_two_workers_draws_the_masks_one_worker_draws()
    {
        // The batch is split over two workers (a precondition checked here, since the split is the trainer's choice).
        Assert.True(
            (long)DropoutCnn.ParameterCount * BatchSize >= TrainerConstant("MinimumParallelWork") && BatchSize / TrainerConstant("MinimumSamplesPerWorker") >= 2,
            "The batch is too small for the trainer to split it; the test would run one worker twice.");
        DataSet<float> data = Data(64);
        (float[] oneWorker, _) = Fit(data, dropoutSeed: null, workers: 1);
        (float[] twoWorkers, _) = Fit(data, dropoutSeed: null, workers: 2);
        (float[] otherMasks, _) = Fit(data, dropoutSeed: 1234, workers: 1);

        // The same masks leave only the order of the gradient sums to differ; other masks move the weights far more.
        float rounding = MaxDifference(oneWorker, twoWorkers);
        float masks = MaxDifference(oneWorker, otherMasks);
        Assert.True(rounding < 1e-4f, $"One and two workers differ by {rounding:R}.");
        Assert.True(masks > 100 * Math.Max(rounding, 1e-6f), $"Other masks moved the weights by only {masks:R}.");
    }

    private const int BatchSize = 16;

    private static (float[] Parameters, ulong Position) Fit(DataSet<float> data, ulong? dropoutSeed, int workers)
    {
        var network = new DropoutCnn(seed: 6);
        if (dropoutSeed is { } seed)
        {
            network.DropoutSeed = seed;
        }

        var options = new TrainingOptions { Epochs = 3, BatchSize = BatchSize, Seed = 8, MaxDegreeOfParallelism = workers };
        // Plain SGD: Adam's division by √v could magnify the rounding the two-worker comparison tolerates.
        Trainer.Fit(network, data, new Sgd<float>(0.1), options);
        return (network.Parameters.ToArray(), network.DropoutPosition);
    }

    /// <summary>A constant of the trainer's private TrainingRun, which decides how many workers a batch gets.</summary>
    private static long TrainerConstant(string name) =>
        Convert.ToInt64(
            typeof(Trainer).GetNestedType("TrainingRun`2", BindingFlags.NonPublic)!
                .GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!
                .GetRawConstantValue(),
            System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertBinomial(long count, long trials, double p, string what)
    {
        double mean = trials * p;
        double deviation = Math.Sqrt(trials * p * (1 - p));
        Assert.True(
            Math.Abs(count - mean) <= Deviations * deviation,
            $"{count} {what} in {trials}: expected {mean:F0} ± {Deviations * deviation:F0} for p = {p}.");
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static float[] Input(int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static float[] OneHotTargets(int rows)
    {
        var targets = new float[rows * 4];
        for (int row = 0; row < rows; row++)
        {
            targets[(row * 4) + (row % 4)] = 1;
        }

        return targets;
    }

    private static DataSet<float> Data(int count)
    {
        // The class is which quadrant of the image is brightest, so the network has something to learn.
        float[] inputs = Input(count * 64, seed: 9);
        int[] labels = Enumerable.Range(0, count)
            .Select(row => Enumerable.Range(0, 4).MaxBy(q => Quadrant(inputs.AsSpan(row * 64, 64), q)))
            .ToArray();
        return DataSet<float>.FromLabels(inputs, 64, labels, 4);
    }

    private static float Quadrant(ReadOnlySpan<float> image, int quadrant)
    {
        float sum = 0;
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                sum += image[((y + (quadrant / 2 * 4)) * 8) + x + (quadrant % 2 * 4)];
            }
        }

        return sum;
    }
}
