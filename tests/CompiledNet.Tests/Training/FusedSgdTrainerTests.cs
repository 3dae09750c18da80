using System;
using System.Linq;
using System.Threading;
using CompiledNet.Tests.Gradients;
using Xunit;
using static CompiledNet.Tests.Training.TrainingData;

namespace CompiledNet.Tests.Training;

/// <summary>A regression with a vector sigmoid layer and a linear output, which a large step drives to infinity.</summary>
[Input(2), Dense(4, Activation.Sigmoid), Dense(1)]
public partial class VectorRegressionNet;

/// <summary>
/// Plain SGD at batch size 1 and a fixed learning rate: the trainer hands the epoch's order to TrainSamples in runs of
/// 256 samples, which must take the steps TrainSample takes one by one, in the same order, and stop at the same sample.
/// </summary>
public sealed class FusedSgdTrainerTests
{
    private const int Run = 256;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_epoch_takes_TrainSample_steps_in_the_shuffled_order_bit_for_bit(bool shuffle)
    {
        // 600 rows: two full runs of 256 and a shorter one in every epoch.
        float[][] inputs = Rows(new Random(11), 600, 2);
        float[][] targets = Rows(new Random(12), 600, 1, low: 0, high: 1);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 1, Shuffle = shuffle, Seed = 5 };
        var network = new VectorSigmoidNet(3);
        TrainingHistory<float> history = Trainer.Train(network, inputs, targets, new Sgd<float>(0.3f), options);

        var twin = new VectorSigmoidNet(3);
        int[] order = Enumerable.Range(0, inputs.Length).ToArray();
        var random = new SeededRandom(options.Seed);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (shuffle)
            {
                random.Shuffle(order.AsSpan());
            }

            // Losses add up within a run, then run by run, as the trainer adds them.
            float epochLoss = 0f;
            for (int start = 0; start < order.Length; start += Run)
            {
                float runLoss = 0f;
                foreach (int row in order.Skip(start).Take(Run))
                {
                    runLoss += twin.TrainSample(inputs[row], targets[row], 0.3f);
                }

                epochLoss += runLoss;
            }

            Assert.Equal(epochLoss / order.Length, history.EpochLosses[epoch]);
        }

        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Fact]
    public void Xor_with_a_vector_sigmoid_hidden_layer_is_learned_from_a_fixed_seed()
    {
        var network = new VectorSigmoidNet(1);
        var options = new TrainingOptions { Epochs = 3000, BatchSize = 1, Shuffle = true, Seed = 7 };
        TrainingHistory<float> history = Trainer.Train(network, XorInputs, XorTargets, new Sgd<float>(2f), options);

        Assert.True(history.FinalLoss < history.EpochLosses[0] / 10, $"Loss went from {history.EpochLosses[0]} to only {history.FinalLoss}.");
        AssertLearnedXor(network);
    }

    [Fact]
    public void Cancellation_takes_effect_at_the_end_of_the_current_run_of_256_samples()
    {
        float[][] inputs = Rows(new Random(31), 600, 2);
        float[][] targets = Rows(new Random(32), 600, 1, low: 0, high: 1);
        using var source = new CancellationTokenSource();
        var network = new CancellingNetwork(new VectorSigmoidNet(4), source);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 1, Shuffle = false };

        TrainingHistory<float> history = Trainer.Fit(network, DataSet<float>.FromRows(inputs, targets), new Sgd<float>(0.3f), options, cancellationToken: source.Token);

        // The first run of 256 samples asked for cancellation; it finished, and nothing more was trained.
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Empty(history.EpochLosses);
        var twin = new VectorSigmoidNet(4);
        for (int row = 0; row < Run; row++)
        {
            twin.TrainSample(inputs[row], targets[row], 0.3f);
        }

        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Fact]
    public void A_diverging_sample_names_its_epoch_and_position_and_the_weights_from_before_it_stay()
    {
        float[][] inputs = Rows(new Random(21), 300, 2, low: -3, high: 3);
        float[][] targets = Rows(new Random(22), 300, 1, low: -1000, high: 1000);
        const float rate = 1f;
        var options = new TrainingOptions { Epochs = 20, BatchSize = 1, Shuffle = false };
        var network = new VectorRegressionNet(2);

        TrainingDivergedException error = Assert.Throws<TrainingDivergedException>(
            () => Trainer.Train(network, inputs, targets, new Sgd<float>(rate), options));

        // The replay: TrainSample row by row until one returns NaN without stepping.
        var twin = new VectorRegressionNet(2);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (int row = 0; row < inputs.Length; row++)
            {
                if (float.IsNaN(twin.TrainSample(inputs[row], targets[row], rate)))
                {
                    Assert.Equal(epoch, error.Epoch);
                    Assert.Equal(row + 1, error.Batch);
                    Assert.True(double.IsNaN(error.Loss));
                    Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
                    return;
                }
            }
        }

        Assert.Fail("The replay never diverged; the scenario needs a larger learning rate.");
    }
}

/// <summary>
/// A network that asks for cancellation as soon as TrainSamples has trained its first run. It names INetwork again so
/// that its TrainSamples, not the interface's default, implements the interface.
/// </summary>
internal sealed class CancellingNetwork(INetwork<float> inner, CancellationTokenSource source) : ForwardingNetwork(inner), INetwork<float>
{
    public float TrainSamples(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> order, float learningRate, out int trained)
    {
        float loss = Inner.TrainSamples(inputs, targets, order, learningRate, out trained);
        source.Cancel();
        return loss;
    }
}
