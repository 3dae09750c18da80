using System;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>A batch whose loss is NaN or infinite stops training with <see cref="TrainingDivergedException"/>, before its step.</summary>
public sealed class DivergenceTests
{
    private const int Samples = 24;
    private const int BatchSize = 5;
    private static readonly int StepsPerEpoch = FitData.BatchesPerEpoch(Samples, BatchSize); // 5, the last batch of 4

    private static readonly DataSet<float> Data = FitData.Sine<float>(Samples, seed: 51);

    [Theory]
    [InlineData(1)] // the bad batch is batch 2 of epoch 1
    [InlineData(4)] // batch 5 (the short last one) of epoch 1
    [InlineData(5)] // batch 1 of epoch 2
    [InlineData(13)] // batch 4 of epoch 3
    public void A_huge_weight_written_after_a_step_makes_the_next_batch_diverge(int damagedAfter)
    {
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, parameters, _, _) =>
        {
            if (step == damagedAfter)
            {
                parameters[^1] = 1e30f; // the output bias: every output is about 1e30, its square overflows float
            }
        });

        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(network, Data, optimizer, new TrainingOptions { Epochs = 10, BatchSize = BatchSize, Seed = 7 }));

        Assert.Equal((damagedAfter / StepsPerEpoch) + 1, error.Epoch);
        Assert.Equal((damagedAfter % StepsPerEpoch) + 1, error.Batch);
        AssertNamesEpochAndBatch(error);
        Assert.Equal(double.PositiveInfinity, error.Loss);

        // The bad batch's step was not taken: the weights are those from before it, damage included.
        Assert.Equal(damagedAfter, optimizer.Steps);
        Assert.Equal(optimizer.History[damagedAfter], network.Parameters.ToArray());
    }

    [Fact]
    public void A_huge_learning_rate_diverges_and_keeps_the_weights_from_before_the_bad_batch()
    {
        var network = new FitRegressionNet(seed: 2);
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(learningRate: 50));

        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(network, Data, optimizer, new TrainingOptions { Epochs = 100, BatchSize = BatchSize, Seed = 8 }));

        // The steps taken are exactly those before the bad batch, which is the next one.
        int steps = optimizer.Steps;
        Assert.True(steps > 0, "The first batch of a fresh network has a finite loss.");
        Assert.Equal((steps / StepsPerEpoch) + 1, error.Epoch);
        Assert.Equal((steps % StepsPerEpoch) + 1, error.Batch);
        Assert.False(double.IsFinite(error.Loss), $"The reported loss {error.Loss} should not be finite.");
        AssertNamesEpochAndBatch(error);
        Assert.Equal(optimizer.History[^1], network.Parameters.ToArray());
    }

    [Fact]
    public void Divergence_with_early_stopping_still_keeps_the_weights_from_before_the_bad_batch()
    {
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, parameters, _, _) =>
        {
            if (step == 12)
            {
                parameters[^1] = 1e30f;
            }
        });
        var options = new TrainingOptions { Epochs = 10, BatchSize = BatchSize, EarlyStopping = new EarlyStopping(2, restoreBestWeights: true) };

        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(network, Data, optimizer, options));

        Assert.Equal(3, error.Epoch);
        Assert.Equal(3, error.Batch);
        Assert.Equal(optimizer.History[12], network.Parameters.ToArray());
    }

    [Fact]
    public void The_optimizers_configured_rate_is_put_back_when_training_diverges()
    {
        // Fit restores the optimizer's own rate after a scheduled run that completes, stops early or is cancelled;
        // one that throws should leave it as configured too, or a retry (or a caller lowering the rate) starts
        // from the schedule's last value instead of the configured one.
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Adam<float>(0.01), (step, parameters, _, _) =>
        {
            if (step == 3)
            {
                parameters[^1] = 1e30f;
            }
        });
        var options = new TrainingOptions { Epochs = 5, BatchSize = BatchSize, Schedule = new LinearWarmup(50) };

        Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(network, Data, optimizer, options));

        Assert.Equal(3, optimizer.Steps);
        Assert.True(optimizer.LearningRate == 0.01, $"The optimizer's rate is {optimizer.LearningRate:R} after the failed run; it was configured as 0.01.");
    }

    [Fact]
    public void The_message_names_epoch_batch_and_loss()
    {
        var error = new TrainingDivergedException(7, 12, double.NaN);

        Assert.Equal(7, error.Epoch);
        Assert.Equal(12, error.Batch);
        Assert.True(double.IsNaN(error.Loss));
        AssertNamesEpochAndBatch(error);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNamesEpochAndBatch(TrainingDivergedException error)
    {
        Assert.Contains($"epoch {error.Epoch}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"batch {error.Batch}", error.Message, StringComparison.Ordinal);
    }
}
