using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;
using static CompiledNet.Tests.Training.TrainingData;

namespace CompiledNet.Tests.Training;

/// <summary>
/// A NaN or infinite batch loss or gradient stops training with TrainingDivergedException naming the 1-based epoch
/// and batch, and the weights are those from before that batch. Non-finite data never gets that far: it is an
/// ArgumentException when the data set is built.
/// </summary>
public sealed class DivergenceTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void A_non_finite_input_is_rejected_before_any_step_naming_its_row_and_column(float bad)
    {
        // Data is checked when the data set is built, so a poisoned row can never reach the weights.
        float[][] inputs = Rows(new Random(1), 8, 4);
        float[][] targets = Rows(new Random(2), 8, 3);
        inputs[5][1] = bad;
        var network = new HiddenReluNet(seed: 1);
        float[] initial = network.Parameters.ToArray();

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Trainer.Train(network, inputs, targets, new Sgd<float>(0.5f), new TrainingOptions { BatchSize = 2, Shuffle = false }));

        Assert.Contains("row 5", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("column 1", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(initial, network.Parameters.ToArray());
    }

    [Fact]
    public void An_infinite_target_is_rejected_before_any_step()
    {
        float[][] targets = [[0], [float.PositiveInfinity], [1], [0]];
        var network = new XorNetwork(seed: 2);
        float[] initial = network.Parameters.ToArray();
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Trainer.Train(network, XorInputs, targets, new Sgd<float>(0.5f), new TrainingOptions { BatchSize = 4, Shuffle = false }));

        Assert.Contains("row 1", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(initial, network.Parameters.ToArray());
    }

    [Fact]
    public void A_non_finite_gradient_under_a_finite_loss_stops_training_at_its_own_batch_before_its_step()
    {
        // A saturated unit can give a finite loss while its gradient is 0·∞ = NaN. The trainer must check the
        // gradient too, or it takes that step and reports the next batch, by then with NaN weights.
        float[][] inputs = Rows(new Random(1), 6, 2);
        float[][] targets = Rows(new Random(2), 6, 1, 0, 1);
        TrainingDivergedException error = AssertStopsAtBatchThreeWithTheFirstTwoStepsKept(
            () => new GradientPoisoningNetwork(new XorNetwork(seed: 1), poisonedCall: 5), inputs, targets);
        Assert.True(double.IsFinite(error.Loss));
    }

    [Fact]
    public void A_huge_learning_rate_diverges_in_a_later_epoch_and_keeps_the_weights_from_before_the_bad_batch()
    {
        // Linear regression with η = 2 on inputs of size ~3 multiplies the error by about -50 per step, so the loss
        // overflows float after several epochs of three batches. A plain replay of mini-batch SGD predicts where.
        float[][] inputs = Rows(new Random(3), 6, 3, -3, 3);
        float[][] targets = Rows(new Random(4), 6, 2);
        const float LearningRate = 2f;
        var options = new TrainingOptions { Epochs = 50, BatchSize = 2, Shuffle = false };

        (int epoch, int batch, float[] weightsBefore) = ReplayUntilDivergence(inputs, targets, LearningRate, options);
        Assert.True(epoch > 1, "The scenario should diverge after the first epoch.");

        var network = new LinearRegressionNetwork(seed: 5);
        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(
            () => Trainer.Train(network, inputs, targets, new Sgd<float>(LearningRate), options));
        Assert.Equal((epoch, batch), (error.Epoch, error.Batch));
        Assert.False(double.IsFinite(error.Loss));
        Assert.Equal(weightsBefore, network.Parameters.ToArray());
    }

    /// <summary>
    /// Trains in batches of two without shuffling; rows 4-5 (calls 5-6 of Backward) hold the bad value. Expects TrainingDivergedException for
    /// epoch 1, batch 3, with the weights equal to a run over just rows 0-3 (two steps taken, the bad one not).
    /// </summary>
    private static TrainingDivergedException AssertStopsAtBatchThreeWithTheFirstTwoStepsKept<TNetwork>(Func<TNetwork> create, float[][] inputs, float[][] targets)
        where TNetwork : INetwork<float>
    {
        var options = new TrainingOptions { Epochs = 4, BatchSize = 2, Shuffle = false };
        TNetwork network = create();
        float[] initial = network.Parameters.ToArray();
        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(
            () => Trainer.Train(network, inputs, targets, new Sgd<float>(0.5f), options));

        Assert.Equal((1, 3), (error.Epoch, error.Batch));

        TNetwork twin = create();
        Trainer.Train(twin, inputs[..4], targets[..4], new Sgd<float>(0.5f), new TrainingOptions { Epochs = 1, BatchSize = 2, Shuffle = false });
        Assert.NotEqual(initial, twin.Parameters.ToArray());
        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
        return error;
    }

    /// <summary>Backward over each batch and Sgd.Step by hand, stopping at the first batch whose summed loss is not finite.</summary>
    private static (int Epoch, int Batch, float[] WeightsBefore) ReplayUntilDivergence(
        float[][] inputs, float[][] targets, float learningRate, TrainingOptions options)
    {
        var network = new LinearRegressionNetwork(seed: 5);
        var sgd = new Sgd<float>(learningRate);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (int start = 0, batch = 1; start < inputs.Length; start += options.BatchSize, batch++)
            {
                int count = Math.Min(options.BatchSize, inputs.Length - start);
                float[] before = network.Parameters.ToArray();
                // The trainer back-propagates a batch of several samples through BackwardBatch; so does the replay.
                network.ZeroGradients();
                float loss = network.BackwardBatch(
                    inputs[start..(start + count)].SelectMany(row => row).ToArray(),
                    targets[start..(start + count)].SelectMany(row => row).ToArray(),
                    network.Gradients);

                if (!float.IsFinite(loss))
                {
                    return (epoch, batch, before);
                }

                sgd.Step(network.Parameters, network.Gradients, 1f / count);
            }
        }

        throw new InvalidOperationException("The replay never diverged; the scenario needs a larger learning rate.");
    }
}

/// <summary>
/// A real network whose Backward, on one chosen call, leaves its loss finite but puts NaN into a gradient: the case
/// of a saturated unit, made deterministic.
/// </summary>
internal sealed class GradientPoisoningNetwork(INetwork<float> inner, int poisonedCall) : ForwardingNetwork(inner)
{
    private int _calls;

    public override float BackwardBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients)
    {
        // Counts samples, so the poisoned call is the same sample whether the trainer goes one by one or by batch.
        float loss = Inner.BackwardBatch(inputs, targets, gradients);
        int first = _calls + 1;
        _calls += inputs.Length / Inner.InputSize;
        if (first <= poisonedCall && poisonedCall <= _calls)
        {
            gradients[0] = float.NaN;
        }

        return loss;
    }

    public override float Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        float loss = Inner.Backward(input, target);
        if (++_calls == poisonedCall)
        {
            Inner.Gradients[0] = float.NaN;
        }

        return loss;
    }
}
