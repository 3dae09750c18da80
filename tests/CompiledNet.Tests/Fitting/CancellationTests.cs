using System.Threading;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>Cancellation stops training at the next batch boundary, takes no further step and leaves consistent weights.</summary>
public sealed class CancellationTests
{
    private const int Samples = 40;
    private const int BatchSize = 5;
    private static readonly int StepsPerEpoch = FitData.BatchesPerEpoch(Samples, BatchSize); // 8

    private static readonly DataSet<float> Training = FitData.Sine<float>(Samples, seed: 41);
    private static readonly DataSet<float> Validation = FitData.Sine<float>(12, seed: 42, targetScale: 0.4);

    private static TrainingOptions Options(EarlyStopping? stopping = null) =>
        new() { Epochs = 50, BatchSize = BatchSize, Seed = 3, EarlyStopping = stopping };

    [Fact]
    public void Cancelling_from_a_progress_report_stops_before_the_next_epoch()
    {
        using var source = new CancellationTokenSource();
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01));
        var progress = new SnapshotProgress<float>(network, report =>
        {
            if (report.Epoch == 3)
            {
                source.Cancel();
            }
        });

        TrainingHistory<float> history = Trainer.Fit(network, Training, optimizer, Options(), Validation, progress, source.Token);

        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(3, history.EpochLosses.Count);
        Assert.Equal(3, progress.Reports.Count);
        Assert.Equal(3 * StepsPerEpoch, optimizer.Steps);
        Assert.Equal(optimizer.History[^1], network.Parameters.ToArray());
        Assert.Equal(progress.Parameters[^1], network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)] // in the middle of epoch 2
    [InlineData(16)] // the last step of epoch 2
    [InlineData(17)] // the first step of epoch 3
    public void Cancelling_during_a_step_stops_at_the_next_batch_boundary(int cancelAfter)
    {
        using var source = new CancellationTokenSource();
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, _, _, _) =>
        {
            if (step == cancelAfter)
            {
                source.Cancel();
            }
        });

        TrainingHistory<float> history = Trainer.Fit(network, Training, optimizer, Options(), Validation, cancellationToken: source.Token);

        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(cancelAfter, optimizer.Steps);

        // Only whole epochs are reported; the cancelled epoch's partial loss is not.
        Assert.Equal(cancelAfter / StepsPerEpoch, history.Epochs.Count);
        Assert.Equal(optimizer.History[cancelAfter], network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(3)] // before the first epoch ends: no best epoch yet, the weights after the last step stay
    [InlineData(45)] // in epoch 6: five epochs reported, the best among them restored
    public void Cancelling_with_early_stopping_restores_the_best_epochs_weights(int cancelAfter)
    {
        using var source = new CancellationTokenSource();
        var network = new FitRegressionNet(seed: 1);
        var progress = new SnapshotProgress<float>(network);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, _, _, _) =>
        {
            if (step == cancelAfter)
            {
                source.Cancel();
            }
        });

        TrainingHistory<float> history = Trainer.Fit(
            network, Training, optimizer, Options(new EarlyStopping(patience: 100, restoreBestWeights: true)), Validation, progress, source.Token);

        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(cancelAfter, optimizer.Steps);
        if (history.BestEpoch == 0)
        {
            Assert.Empty(history.Epochs);
            Assert.Equal(optimizer.History[cancelAfter], network.Parameters.ToArray());
        }
        else
        {
            Assert.Equal(progress.Parameters[history.BestEpoch - 1], network.Parameters.ToArray());
            Assert.NotEqual(optimizer.History[cancelAfter], network.Parameters.ToArray());
        }

        Assert.Equal(cancelAfter < StepsPerEpoch, history.BestEpoch == 0);
    }

    [Fact]
    public void Cancelling_with_early_stopping_without_restore_keeps_the_last_steps_weights()
    {
        using var source = new CancellationTokenSource();
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, _, _, _) =>
        {
            if (step == 45)
            {
                source.Cancel();
            }
        });

        TrainingHistory<float> history = Trainer.Fit(
            network, Training, optimizer, Options(new EarlyStopping(patience: 100, restoreBestWeights: false)), Validation, cancellationToken: source.Token);

        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(45, optimizer.Steps);
        Assert.Equal(optimizer.History[45], network.Parameters.ToArray());
    }

    [Fact]
    public void An_already_cancelled_token_takes_no_step()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var network = new FitRegressionNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01));

        TrainingHistory<float> history = Trainer.Fit(network, Training, optimizer, Options(new EarlyStopping(2)), Validation, cancellationToken: source.Token);

        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(0, optimizer.Steps);
        Assert.Empty(history.Epochs);
        Assert.Empty(history.EpochLosses);
        Assert.Equal(0, history.BestEpoch);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void A_scheduled_rate_is_put_back_after_cancelling()
    {
        using var source = new CancellationTokenSource();
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.05), (step, _, _, _) =>
        {
            if (step == 10)
            {
                source.Cancel();
            }
        });

        Trainer.Fit(network, Training, optimizer, new TrainingOptions { Epochs = 5, BatchSize = BatchSize, Schedule = new LinearWarmup(100) }, cancellationToken: source.Token);

        Assert.Equal(0.05 * 10 / 100, optimizer.Rates[^1], 15);
        Assert.Equal(0.05, optimizer.LearningRate);
    }
}
