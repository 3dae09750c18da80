using System;
using System.Linq;
using CompiledNet.Tests.FastPaths;
using Xunit;

namespace CompiledNet.Tests.Training;

/// <summary>A batch size beyond the data set is one batch of everything: no buffer is sized from the option.</summary>
public sealed class LargeBatchSizeTests
{
    private const int Rows = 10;

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1 << 30)]
    [InlineData(Rows + 1)]
    public void Train_with_a_huge_batch_size_trains_exactly_like_the_whole_data_set(int batchSize)
    {
        var random = new Random(5);
        float[][] inputs = TrainingData.Rows(random, Rows, 2);
        float[][] targets = TrainingData.Rows(random, Rows, 1, 0, 1);

        float[] Run(int size)
        {
            var network = new XorNetwork(seed: 4);
            Trainer.Train(network, inputs, targets, new Sgd<float>(0.5f), new TrainingOptions { Epochs = 3, BatchSize = size, Shuffle = false });
            return network.Parameters.ToArray();
        }

        Assert.Equal(Run(Rows), Run(batchSize));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1 << 30)]
    public void Fit_with_a_huge_batch_size_trains_exactly_like_the_whole_data_set(int batchSize)
    {
        var random = new Random(6);
        DataSet<float> data = DataSet<float>.FromRows(TrainingData.Rows(random, Rows, 2), TrainingData.Rows(random, Rows, 1, 0, 1));

        (float[] Weights, TrainingHistory<float> History) Run(int size)
        {
            var network = new XorNetwork(seed: 7);
            var options = new TrainingOptions
            {
                Epochs = 4,
                BatchSize = size,
                Seed = 3,
                MaxDegreeOfParallelism = 8,
                ClipGradientNorm = 10,
                Schedule = new StepDecay(2, 0.5),
            };
            TrainingHistory<float> history = Trainer.Fit(network, data, new Adam<float>(0.05), options);
            return (network.Parameters.ToArray(), history);
        }

        (float[] expected, TrainingHistory<float> expectedHistory) = Run(Rows);
        (float[] actual, TrainingHistory<float> history) = Run(batchSize);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedHistory.EpochLosses, history.EpochLosses);
    }

    [Fact]
    public void A_huge_batch_size_splits_over_threads_like_the_whole_data_set()
    {
        // 4,810 parameters × 64 samples is enough work for two workers.
        const int Count = 64;
        var random = new Random(8);
        float[] inputs = Enumerable.Range(0, Count * 64).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, Count).Select(i => i % 10).ToArray();
        DataSet<float> data = DataSet<float>.FromLabels(inputs, 64, labels, 10);

        float[] Run(int size)
        {
            var network = new ParallelNet(4);
            Trainer.Fit(network, data, new Sgd<float>(0.05), new TrainingOptions { Epochs = 2, BatchSize = size, Seed = 1, MaxDegreeOfParallelism = 2 });
            return network.Parameters.ToArray();
        }

        Assert.Equal(Run(Count), Run(int.MaxValue));
    }
}
