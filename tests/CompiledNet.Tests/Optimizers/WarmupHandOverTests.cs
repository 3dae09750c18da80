using System;
using System.Collections.Generic;
using CompiledNet.Tests.Fitting;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

/// <summary>
/// LinearWarmup followed by another schedule against PyTorch's <c>SequentialLR([warm-up, next], milestones=[W])</c>:
/// from the milestone on, the next schedule starts at its own epoch 0 and step 0. The expected rates come from
/// PyTorch's documented definitions, written out here independently of the library:
/// <list type="bullet">
/// <item><c>LinearLR(start_factor=1/W, end_factor=1, total_iters=W−1)</c>: base·(sf + (1 − sf)·min(t, W−1) / (W−1)),
/// which is the library's base·(t + 1) / W;</item>
/// <item><c>CosineAnnealingLR(T_max, eta_min)</c>, closed form: eta_min + (base − eta_min)(1 + cos(π·t / T_max)) / 2;</item>
/// <item><c>SequentialLR</c>: at scheduler step t, the first schedule at t while t &lt; W, else the second at t − W.</item>
/// </list>
/// </summary>
public sealed class WarmupHandOverTests
{
    private const double Tolerance = 1e-15;

    [Fact]
    public void Five_warmup_epochs_then_cosine_over_fifteen_match_SequentialLR_stepped_per_epoch()
    {
        const double Base = 0.1;
        var schedule = new LinearWarmup(5, new CosineAnnealing(totalEpochs: 15));

        // One step per epoch: epoch and step are the same count t.
        for (int t = 0; t < 20; t++)
        {
            Assert.Equal(SequentialLr(Base, t, milestone: 5, tMax: 15, etaMin: 0), schedule.LearningRate(Base, t, t), Tolerance);
        }

        // The cosine restarts at its own 0: no jump at the hand-over (an unshifted epoch 5 would give 0.0854).
        double[] expected =
        {
            0.02, 0.04, 0.06, 0.08, 0.1,        // LinearLR: 0.1·(t + 1)/5
            0.1,                                // cosine t = 0: 0.1·(1 + cos 0)/2
            0.1 * (1 + Math.Cos(Math.PI / 15)) / 2, // 0.098907…
        };
        var fresh = new LinearWarmup(5, new CosineAnnealing(totalEpochs: 15));
        for (int t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t], fresh.LearningRate(Base, t, t), Tolerance);
        }

        Assert.Equal(0.0989074, fresh.LearningRate(Base, 6, 6), 7);
    }

    [Fact]
    public void The_trainer_with_one_step_an_epoch_follows_SequentialLR_stepped_per_epoch()
    {
        const double Base = 0.05;
        List<double> rates = Fit(new LinearWarmup(5, new CosineAnnealing(totalEpochs: 15, minRate: 0.001)), Base, samples: 8, batchSize: 8, epochs: 20);

        Assert.Equal(20, rates.Count);
        for (int t = 0; t < rates.Count; t++)
        {
            Assert.Equal(SequentialLr(Base, t, milestone: 5, tMax: 15, etaMin: 0.001), rates[t], Tolerance);
        }
    }

    [Fact]
    public void The_trainer_stepping_a_per_step_schedule_follows_SequentialLR_stepped_per_batch()
    {
        // 4 steps an epoch; a warm-up of 6 steps ends mid-epoch; the next schedule anneals over 14 steps, by step.
        const double Base = 0.2;
        List<double> rates = Fit(new LinearWarmup(6, new StepCosine(totalSteps: 14, minRate: 0.02)), Base, samples: 16, batchSize: 4, epochs: 5);

        Assert.Equal(20, rates.Count);
        for (int t = 0; t < rates.Count; t++)
        {
            Assert.Equal(SequentialLr(Base, t, milestone: 6, tMax: 14, etaMin: 0.02), rates[t], Tolerance);
        }
    }

    [Fact]
    public void A_warmup_of_whole_epochs_hands_the_next_epoch_over_as_epoch_zero()
    {
        // LinearLR stepped per batch for 2 epochs of 4 steps, then CosineAnnealingLR(T_max=3) stepped per epoch from 0.
        const double Base = 0.1;
        List<double> rates = Fit(new LinearWarmup(8, new CosineAnnealing(totalEpochs: 3)), Base, samples: 16, batchSize: 4, epochs: 5);

        Assert.Equal(20, rates.Count);
        for (int step = 0; step < rates.Count; step++)
        {
            int epoch = step / 4;
            double expected = step < 8 ? LinearLr(Base, step, 8) : Cosine(Base, epoch - 2, tMax: 3, etaMin: 0);
            Assert.Equal(expected, rates[step], Tolerance);
        }

        Assert.Equal(Base, rates[8]);
    }

    [Fact]
    public void A_warmup_ending_mid_epoch_hands_over_the_epoch_it_ends_in_as_epoch_zero()
    {
        // Steps 0–5 warm up; step 6 is in epoch 1 (steps 4–7), which StepDecay sees as its epoch 0.
        var schedule = new LinearWarmup(6, new StepDecay(stepEpochs: 1, gamma: 0.5));
        double[] rates = new double[16];
        for (int step = 0; step < rates.Length; step++)
        {
            rates[step] = schedule.LearningRate(0.1, step / 4, step);
        }

        Assert.Equal(0.1 * 6 / 6, rates[5], Tolerance);
        Assert.Equal(new[] { 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025 }, rates[6..]);
    }

    [Fact]
    public void The_next_schedule_sees_the_step_counted_from_the_end_of_the_warmup()
    {
        var seen = new List<(int Epoch, long Step)>();
        var schedule = new LinearWarmup(3, new Recording(seen));
        for (int step = 0; step < 9; step++)
        {
            schedule.LearningRate(1, 2 + (step / 2), step);
        }

        // Step 3 is in epoch 3 (2 + 3/2): epoch 3 → 0, step 3 → 0.
        Assert.Equal(new (int, long)[] { (0, 0), (1, 1), (1, 2), (2, 3), (2, 4), (3, 5) }, seen);
    }

    [Fact]
    public void A_second_training_run_with_the_same_instance_finds_its_own_hand_over()
    {
        var schedule = new LinearWarmup(5, new CosineAnnealing(totalEpochs: 15));
        List<double> first = Fit(schedule, 0.1, samples: 8, batchSize: 8, epochs: 12);
        List<double> second = Fit(schedule, 0.1, samples: 8, batchSize: 4, epochs: 6);

        Assert.Equal(0.1, first[5]);

        // Two steps an epoch: step 5, the second of epoch 2, is the cosine's epoch 0; step 6 opens its epoch 1.
        Assert.Equal(0.1, second[5], Tolerance);
        Assert.Equal(Cosine(0.1, 1, tMax: 15, etaMin: 0), second[6], Tolerance);
    }

    /// <summary>The rates the trainer sets before each step.</summary>
    private static List<double> Fit(ILearningRateSchedule schedule, double baseRate, int samples, int batchSize, int epochs)
    {
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(baseRate));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Seed = 1, Schedule = schedule };
        Trainer.Fit(new FitRegressionNet(seed: 1), FitData.Sine<float>(samples, seed: 3), optimizer, options);
        return optimizer.Rates;
    }

    private static double SequentialLr(double baseRate, int t, int milestone, int tMax, double etaMin) =>
        t < milestone ? LinearLr(baseRate, t, milestone) : Cosine(baseRate, t - milestone, tMax, etaMin);

    /// <summary>PyTorch's LinearLR with start_factor = 1/W, end_factor = 1 and total_iters = W − 1.</summary>
    private static double LinearLr(double baseRate, int t, int warmup)
    {
        double startFactor = 1.0 / warmup;
        int totalIters = warmup - 1;
        return baseRate * (startFactor + ((1 - startFactor) * Math.Min(t, totalIters) / totalIters));
    }

    /// <summary>PyTorch's CosineAnnealingLR, closed form.</summary>
    private static double Cosine(double baseRate, int t, int tMax, double etaMin) =>
        etaMin + ((baseRate - etaMin) * (1 + Math.Cos(Math.PI * t / tMax)) / 2);

    /// <summary>A cosine annealed by step rather than by epoch.</summary>
    private sealed class StepCosine(int totalSteps, double minRate) : ILearningRateSchedule
    {
        public double LearningRate(double baseRate, int epoch, long step) =>
            Cosine(baseRate, (int)Math.Min(step, totalSteps), totalSteps, minRate);
    }

    private sealed class Recording(List<(int Epoch, long Step)> seen) : ILearningRateSchedule
    {
        public double LearningRate(double baseRate, int epoch, long step)
        {
            seen.Add((epoch, step));
            return baseRate;
        }
    }
}
