using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>
/// Early stopping on a validation set that wants a damped copy of what the training set teaches (0.4·sin 2x against
/// sin 2x): the validation loss falls while the outputs grow towards 0.4·sin 2x, then rises as training carries
/// them on to sin 2x, so there is a best epoch well before the end.
/// </summary>
public sealed class EarlyStoppingTests
{
    private const int Patience = 4;

    private static readonly DataSet<float> Training = FitData.Sine<float>(64, seed: 1);
    private static readonly DataSet<float> Validation = FitData.Sine<float>(32, seed: 2, targetScale: 0.4);

    private static TrainingOptions Options(EarlyStopping? stopping, int epochs = 200) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        Seed = 4,
        EarlyStopping = stopping,
    };

    private static (TrainingHistory<float> History, SnapshotProgress<float> Progress, FitRegressionNet Network) Run(EarlyStopping? stopping, int epochs = 200)
    {
        var network = new FitRegressionNet(seed: 3);
        var progress = new SnapshotProgress<float>(network);
        TrainingHistory<float> history = Trainer.Fit(network, Training, new Adam<float>(learningRate: 0.002), Options(stopping, epochs), Validation, progress);
        return (history, progress, network);
    }

    [Fact]
    public void Stops_patience_epochs_after_the_best_and_restores_its_weights()
    {
        (TrainingHistory<float> history, SnapshotProgress<float> progress, FitRegressionNet network) = Run(new EarlyStopping(Patience, restoreBestWeights: true));

        Assert.Equal(StopReason.EarlyStopped, history.StopReason);
        Assert.InRange(history.BestEpoch, 2, history.Epochs.Count - 1);
        Assert.Equal(history.BestEpoch + Patience, history.Epochs.Count);
        Assert.Equal(history.Epochs.Count, progress.Reports.Count);
        Assert.Equal(history.Epochs.Count, history.EpochLosses.Count);

        // The best epoch has the lowest validation loss, and the loss did rise after it.
        double[] losses = history.Epochs.Select(r => r.Validation!.Loss).ToArray();
        double best = losses[history.BestEpoch - 1];
        Assert.Equal(losses.Min(), best);
        Assert.True(losses[^1] > best, $"The last validation loss {losses[^1]} should be above the best {best}.");

        // The weights are exactly those seen when the best epoch was reported, not those of the last epoch.
        Assert.Equal(progress.Parameters[history.BestEpoch - 1], network.Parameters.ToArray());
        Assert.NotEqual(progress.Parameters[^1], network.Parameters.ToArray());
        Assert.Equal(history.Epochs[history.BestEpoch - 1].Validation, Evaluator.Evaluate(network, Validation));
    }

    [Fact]
    public void Without_restoring_keeps_the_last_epochs_weights()
    {
        (TrainingHistory<float> history, SnapshotProgress<float> progress, FitRegressionNet network) = Run(new EarlyStopping(Patience, restoreBestWeights: false));

        Assert.Equal(StopReason.EarlyStopped, history.StopReason);
        Assert.Equal(history.BestEpoch + Patience, history.Epochs.Count);
        Assert.Equal(progress.Parameters[^1], network.Parameters.ToArray());
        Assert.NotEqual(progress.Parameters[history.BestEpoch - 1], network.Parameters.ToArray());
    }

    [Fact]
    public void Restoring_and_not_restoring_train_the_same_trajectory()
    {
        (TrainingHistory<float> restored, SnapshotProgress<float> restoredProgress, _) = Run(new EarlyStopping(Patience, restoreBestWeights: true));
        (TrainingHistory<float> kept, SnapshotProgress<float> keptProgress, _) = Run(new EarlyStopping(Patience, restoreBestWeights: false));

        Assert.Equal(restored.BestEpoch, kept.BestEpoch);
        Assert.Equal(restored.EpochLosses, kept.EpochLosses);
        Assert.Equal(restoredProgress.Parameters, keptProgress.Parameters);
    }

    [Fact]
    public void A_run_that_completes_still_ends_on_the_best_epochs_weights_when_restoring()
    {
        // Patience longer than the run: it completes, but the validation loss has risen since its best epoch.
        (TrainingHistory<float> history, SnapshotProgress<float> progress, FitRegressionNet network) = Run(new EarlyStopping(patience: 1000, restoreBestWeights: true), epochs: 60);

        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(60, history.Epochs.Count);
        Assert.True(history.BestEpoch < 60, $"Best epoch {history.BestEpoch} should come before the last.");
        Assert.Equal(progress.Parameters[history.BestEpoch - 1], network.Parameters.ToArray());
    }

    [Fact]
    public void Without_early_stopping_every_epoch_runs_and_the_best_epoch_is_still_reported()
    {
        (TrainingHistory<float> history, SnapshotProgress<float> progress, FitRegressionNet network) = Run(stopping: null, epochs: 60);

        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(60, history.Epochs.Count);
        double[] losses = history.Epochs.Select(r => r.Validation!.Loss).ToArray();
        Assert.Equal(Array.IndexOf(losses, losses.Min()) + 1, history.BestEpoch);
        Assert.Equal(progress.Parameters[^1], network.Parameters.ToArray());
    }

    [Fact]
    public void Without_validation_data_the_training_loss_is_monitored()
    {
        // Training alone keeps improving at this rate, so with patience 3 every epoch runs and the last is best.
        var network = new FitRegressionNet(seed: 3);
        TrainingHistory<float> history = Trainer.Fit(network, Training, new Adam<float>(learningRate: 0.005), Options(new EarlyStopping(3), epochs: 25));

        double[] losses = history.Epochs.Select(r => r.TrainingLoss).ToArray();
        Assert.All(history.Epochs, r => Assert.Null(r.Validation));
        Assert.Equal(Array.IndexOf(losses, losses.Min()) + 1, history.BestEpoch);
        Assert.Equal(StopReason.Completed, history.StopReason);
    }

    [Fact]
    public void A_min_delta_larger_than_any_improvement_stops_after_patience_epochs_from_the_first()
    {
        // Reference: the same run without early stopping improves on its first epoch in each of the next ones.
        var reference = new FitRegressionNet(seed: 3);
        TrainingHistory<float> free = Trainer.Fit(reference, Training, new Adam<float>(learningRate: 0.005), Options(null, epochs: 1 + Patience));
        double[] freeLosses = free.Epochs.Select(r => r.TrainingLoss).ToArray();
        Assert.All(freeLosses.Skip(1), loss => Assert.True(loss < freeLosses[0], $"{loss} should improve on {freeLosses[0]}."));

        var network = new FitRegressionNet(seed: 3);
        TrainingHistory<float> history = Trainer.Fit(network, Training, new Adam<float>(learningRate: 0.005), Options(new EarlyStopping(Patience, minDelta: 100), epochs: 50));

        Assert.Equal(StopReason.EarlyStopped, history.StopReason);
        Assert.Equal(1, history.BestEpoch);
        Assert.Equal(1 + Patience, history.Epochs.Count);
        Assert.Equal(freeLosses, history.Epochs.Select(r => r.TrainingLoss).ToArray());
    }

    [Fact]
    public void Only_improvements_larger_than_min_delta_reset_the_patience()
    {
        const int Epochs = 40;
        var reference = new FitRegressionNet(seed: 3);
        TrainingHistory<float> free = Trainer.Fit(reference, Training, new Adam<float>(learningRate: 0.005), Options(null, Epochs));
        double[] losses = free.Epochs.Select(r => r.TrainingLoss).ToArray();

        // A min delta in the middle of the per-epoch improvements: some count, some do not.
        double[] gains = losses.Zip(losses.Skip(1), (a, b) => a - b).Where(g => g > 0).OrderBy(g => g).ToArray();
        double minDelta = gains[gains.Length / 2];
        const int patience = 2;

        // What the documented rule says: an epoch improves when its loss is below the best so far by more than minDelta.
        double best = double.PositiveInfinity;
        int bestEpoch = 0, waited = 0, stopEpoch = Epochs;
        for (int e = 0; e < Epochs; e++)
        {
            if (losses[e] < best - minDelta)
            {
                (best, bestEpoch, waited) = (losses[e], e + 1, 0);
            }
            else if (++waited >= patience)
            {
                stopEpoch = e + 1;
                break;
            }
        }

        Assert.True(stopEpoch < Epochs, "The chosen min delta should stop this run early.");

        var network = new FitRegressionNet(seed: 3);
        TrainingHistory<float> history = Trainer.Fit(network, Training, new Adam<float>(learningRate: 0.005), Options(new EarlyStopping(patience, minDelta), Epochs));

        Assert.Equal(StopReason.EarlyStopped, history.StopReason);
        Assert.Equal(stopEpoch, history.Epochs.Count);
        Assert.Equal(bestEpoch, history.BestEpoch);
    }

    [Fact]
    public void Rejects_settings_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, minDelta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, minDelta: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, minDelta: double.PositiveInfinity));
    }
}
