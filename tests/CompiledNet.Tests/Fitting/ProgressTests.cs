using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>The per-epoch reports: one per epoch, in order, on the caller's thread, with the schedule's learning rate.</summary>
public sealed class ProgressTests
{
    private const double BaseRate = 0.04;
    private const int Samples = 30;
    private const int BatchSize = 4;
    private static readonly int StepsPerEpoch = FitData.BatchesPerEpoch(Samples, BatchSize); // 8, the last batch of 2

    private static readonly DataSet<float> Data = FitData.Sine<float>(Samples, seed: 31);

    private static (TrainingHistory<float> History, SnapshotProgress<float> Progress, RecordingOptimizer<float> Optimizer) Run(ILearningRateSchedule? schedule, int epochs)
    {
        var network = new FitRegressionNet(seed: 1);
        var progress = new SnapshotProgress<float>(network);
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(BaseRate, momentum: 0.5));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = BatchSize, Seed = 2, Schedule = schedule, ValidationSplit = 0 };
        TrainingHistory<float> history = Trainer.Fit(network, Data, optimizer, options, progress: progress);
        return (history, progress, optimizer);
    }

    [Fact]
    public void One_report_per_epoch_in_order_on_the_calling_thread()
    {
        (TrainingHistory<float> history, SnapshotProgress<float> progress, RecordingOptimizer<float> optimizer) = Run(null, epochs: 7);

        Assert.Equal(Enumerable.Range(1, 7), progress.Reports.Select(r => r.Epoch));
        Assert.All(progress.Reports, r => Assert.Equal(7, r.Epochs));
        Assert.All(progress.Threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        Assert.Equal(progress.Reports, history.Epochs);
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(7 * StepsPerEpoch, optimizer.Steps);

        // Each report comes after its epoch's last step: the parameters seen then are those after that step.
        for (int e = 0; e < 7; e++)
        {
            Assert.Equal(optimizer.History[(e + 1) * StepsPerEpoch], progress.Parameters[e]);
        }
    }

    [Fact]
    public void Timing_fields_are_positive_and_elapsed_never_decreases()
    {
        (_, SnapshotProgress<float> progress, _) = Run(null, epochs: 12);

        Assert.All(progress.Reports, r => Assert.True(r.SamplesPerSecond > 0, $"Epoch {r.Epoch}: {r.SamplesPerSecond} samples/s."));
        Assert.All(progress.Reports, r => Assert.True(r.Elapsed >= TimeSpan.Zero));
        for (int e = 1; e < progress.Reports.Count; e++)
        {
            Assert.True(progress.Reports[e].Elapsed >= progress.Reports[e - 1].Elapsed, $"Elapsed fell at epoch {e + 1}.");
        }
    }

    [Fact]
    public void Training_loss_is_the_mean_sample_loss_of_the_epoch()
    {
        (TrainingHistory<float> history, SnapshotProgress<float> progress, _) = Run(null, epochs: 3);

        Assert.Equal(history.EpochLosses.Select(l => (double)l), progress.Reports.Select(r => r.TrainingLoss));
        Assert.Equal(history.EpochLosses[^1], history.FinalLoss);
        Assert.All(progress.Reports, r => Assert.True(double.IsFinite(r.TrainingLoss) && r.TrainingLoss >= 0));
    }

    [Fact]
    public void Without_a_schedule_the_rate_is_the_optimizers()
    {
        (_, SnapshotProgress<float> progress, RecordingOptimizer<float> optimizer) = Run(null, epochs: 3);

        Assert.All(progress.Reports, r => Assert.Equal(BaseRate, r.LearningRate));
        Assert.All(optimizer.Rates, rate => Assert.Equal(BaseRate, rate));
    }

    [Fact]
    public void Step_decay_rate_is_reported_for_each_epoch()
    {
        (_, SnapshotProgress<float> progress, RecordingOptimizer<float> optimizer) = Run(new StepDecay(stepEpochs: 3, gamma: 0.5), epochs: 10);

        foreach (EpochReport report in progress.Reports)
        {
            // Epochs 1-3 at the base rate, 4-6 at half of it, 7-9 at a quarter, 10 at an eighth.
            double expected = BaseRate * Math.Pow(0.5, (report.Epoch - 1) / 3);
            AssertRate(expected, report.LearningRate);
            AssertRates(expected, optimizer, report.Epoch);
        }

        Assert.Equal(BaseRate, optimizer.LearningRate); // put back after training
    }

    [Fact]
    public void Cosine_annealing_rate_is_reported_for_each_epoch()
    {
        const double MinRate = 0.001;
        (_, SnapshotProgress<float> progress, RecordingOptimizer<float> optimizer) = Run(new CosineAnnealing(totalEpochs: 8, MinRate), epochs: 11);

        foreach (EpochReport report in progress.Reports)
        {
            int epoch = Math.Min(report.Epoch - 1, 8); // held at the minimum from epoch 8 (0-based) on
            double expected = MinRate + ((BaseRate - MinRate) * (1 + Math.Cos(Math.PI * epoch / 8)) / 2);
            AssertRate(expected, report.LearningRate);
            AssertRates(expected, optimizer, report.Epoch);
        }

        AssertRate(BaseRate, progress.Reports[0].LearningRate);
        AssertRate(MinRate, progress.Reports[^1].LearningRate);
        Assert.Equal(BaseRate, optimizer.LearningRate);
    }

    [Fact]
    public void Linear_warmup_rate_follows_the_steps_across_epochs()
    {
        // 20 warm-up steps span two and a half epochs of 8 steps; then step decay halves the rate every 2 epochs,
        // counted from epoch 2, in which the warm-up ends.
        const int Warmup = 20;
        (_, SnapshotProgress<float> progress, RecordingOptimizer<float> optimizer) = Run(new LinearWarmup(Warmup, new StepDecay(2, 0.5)), epochs: 6);

        for (int step = 0; step < optimizer.Rates.Count; step++)
        {
            int epoch = step / StepsPerEpoch;
            double expected = step < Warmup ? BaseRate * (step + 1) / Warmup : BaseRate * Math.Pow(0.5, (epoch - 2) / 2);
            AssertRate(expected, optimizer.Rates[step]);
        }

        foreach (EpochReport report in progress.Reports)
        {
            // The reported rate is that of the epoch's last step.
            AssertRate(optimizer.Rates[(report.Epoch * StepsPerEpoch) - 1], report.LearningRate);
        }

        AssertRate(BaseRate * 8 / Warmup, progress.Reports[0].LearningRate);
        AssertRate(BaseRate * 16 / Warmup, progress.Reports[1].LearningRate);
        AssertRate(BaseRate, progress.Reports[2].LearningRate);
        AssertRate(BaseRate * 0.5, progress.Reports[4].LearningRate);
        Assert.Equal(BaseRate, optimizer.LearningRate);
    }

    [Fact]
    public void An_optimizer_without_a_learning_rate_reports_NaN()
    {
        var network = new FitXorNet(seed: 1);
        var progress = new SnapshotProgress<float>(network);
        Trainer.Fit(network, FitData.Xor<float>(), new Rprop<float>(), new TrainingOptions { Epochs = 3, BatchSize = 4 }, progress: progress);

        Assert.Equal(3, progress.Reports.Count);
        Assert.All(progress.Reports, r => Assert.True(double.IsNaN(r.LearningRate)));
    }

    /// <summary>Every step of the 1-based <paramref name="epoch"/> ran at <paramref name="expected"/>.</summary>
    private static void AssertRates(double expected, RecordingOptimizer<float> optimizer, int epoch)
    {
        for (int step = (epoch - 1) * StepsPerEpoch; step < epoch * StepsPerEpoch; step++)
        {
            AssertRate(expected, optimizer.Rates[step]);
        }
    }

    /// <summary>The schedules compute in double with the same formulas, so only the last bit or two may differ.</summary>
    private static void AssertRate(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-15 * expected, $"Expected rate {expected:R}, got {actual:R}.");
}
