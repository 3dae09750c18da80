using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>The same seed and data give bit-identical weights; another seed gives other weights.</summary>
public sealed class DeterminismTests
{
    private static readonly DataSet<float> Data = FitData.Blobs<float>(75, seed: 71, spread: 0.6);

    private static (float[] Parameters, TrainingHistory<float> History) Run(int trainingSeed, int networkSeed = 3, bool shuffle = true)
    {
        var network = new FitClassifierNet(networkSeed);
        var options = new TrainingOptions
        {
            Epochs = 12,
            BatchSize = 7,
            Shuffle = shuffle,
            Seed = trainingSeed,
            ValidationSplit = 0.2,
            Schedule = new LinearWarmup(10, new CosineAnnealing(12, minRate: 0.001)),
            ClipGradientNorm = 5,
        };
        TrainingHistory<float> history = Trainer.Fit(network, Data, new Adam<float>(0.02), options);
        return (network.Parameters.ToArray(), history);
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_weights_and_history()
    {
        (float[] first, TrainingHistory<float> firstHistory) = Run(trainingSeed: 11);
        (float[] second, TrainingHistory<float> secondHistory) = Run(trainingSeed: 11);

        Assert.Equal(first.Select(BitsOf), second.Select(BitsOf));
        Assert.Equal(firstHistory.EpochLosses, secondHistory.EpochLosses);
        Assert.Equal(firstHistory.Epochs.Select(r => r.Validation), secondHistory.Epochs.Select(r => r.Validation));
        Assert.Equal(firstHistory.Epochs.Select(r => r.LearningRate), secondHistory.Epochs.Select(r => r.LearningRate));
    }

    [Fact]
    public void Another_training_seed_gives_other_weights()
    {
        (float[] first, TrainingHistory<float> firstHistory) = Run(trainingSeed: 11);
        (float[] second, TrainingHistory<float> secondHistory) = Run(trainingSeed: 12);

        Assert.NotEqual(first, second);
        Assert.NotEqual(firstHistory.Epochs[0].Validation, secondHistory.Epochs[0].Validation);
    }

    [Fact]
    public void Another_network_seed_gives_other_weights()
    {
        Assert.NotEqual(Run(trainingSeed: 11, networkSeed: 3).Parameters, Run(trainingSeed: 11, networkSeed: 4).Parameters);
    }

    [Fact]
    public void Without_shuffling_the_training_seed_only_chooses_the_validation_split()
    {
        (float[] shuffled, _) = Run(trainingSeed: 11, shuffle: true);
        (float[] ordered, _) = Run(trainingSeed: 11, shuffle: false);
        (float[] orderedAgain, _) = Run(trainingSeed: 11, shuffle: false);

        Assert.NotEqual(shuffled, ordered);
        Assert.Equal(ordered, orderedAgain);
    }

    [Fact]
    public void Networks_built_from_the_same_seed_start_identical()
    {
        Assert.Equal(new FitClassifierNet(5).Parameters.ToArray(), new FitClassifierNet(5).Parameters.ToArray());
        Assert.NotEqual(new FitClassifierNet(5).Parameters.ToArray(), new FitClassifierNet(6).Parameters.ToArray());
    }

    [Fact]
    public void Fit_with_a_fresh_optimizer_repeats_a_run_on_a_reset_network()
    {
        // Fit keeps no hidden state between calls: the same network re-initialised and a fresh optimizer repeat a run.
        var network = new FitClassifierNet(3);
        var options = new TrainingOptions { Epochs = 4, BatchSize = 5, Seed = 2 };
        Trainer.Fit(network, Data, new Adam<float>(0.02), options);
        float[] first = network.Parameters.ToArray();

        network.InitializeParameters(3);
        Trainer.Fit(network, Data, new Adam<float>(0.02), options);

        Assert.Equal(first, network.Parameters.ToArray());
    }

    private static int BitsOf(float value) => System.BitConverter.SingleToInt32Bits(value);
}
