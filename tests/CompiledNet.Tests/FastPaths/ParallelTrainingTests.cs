using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// Data-parallel batches: worker slices into separate gradient buffers, summed in a fixed order. Two runs with the same
/// thread count are bit-identical, and the result agrees with one thread up to float rounding.
/// </summary>
public sealed class ParallelTrainingTests
{
    [Fact]
    public void Two_threads_are_deterministic_and_agree_with_one_thread()
    {
        DataSet<float> data = Data(256);
        float[] twoThreadsFirst = Train(data, threads: 2);
        float[] twoThreadsSecond = Train(data, threads: 2);
        float[] oneThread = Train(data, threads: 1);

        Assert.Equal(twoThreadsFirst, twoThreadsSecond);
        float[] initial = new ParallelNet(4).Parameters.ToArray();
        Assert.NotEqual(initial, oneThread);
        for (int i = 0; i < oneThread.Length; i++)
        {
            // Forty steps of a few hundred summed products each: the two sums differ in order only.
            Assert.True(Math.Abs(oneThread[i] - twoThreadsFirst[i]) <= 1e-4f, $"Parameter {i}: {oneThread[i]:R} vs {twoThreadsFirst[i]:R}");
        }
    }

    [Fact]
    public void Parallel_training_allocates_nothing_per_step()
    {
        DataSet<float> data = Data(512);
        var network = new ParallelNet(4);
        long Run(int epochs) => AllocationMeter.Measure(() => Trainer.Fit(
            network, data, new Sgd<float>(0.01), new TrainingOptions { Epochs = epochs, BatchSize = 32, Seed = 1, MaxDegreeOfParallelism = 2 }));

        // 16 steps an epoch; a step that allocated even 24 bytes would add 6 KB over 16 extra epochs. Per epoch only
        // the report and its history entries may be allocated (bounded here by 512 bytes an epoch).
        long few = Run(2), many = Run(18);
        Assert.InRange(many - few, 0, 512 * 16);
    }

    [Fact]
    public void Options_reject_a_thread_count_below_one()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { MaxDegreeOfParallelism = 0 });
        Assert.Contains("0", error.Message, StringComparison.Ordinal);
    }

    private static float[] Train(DataSet<float> data, int threads)
    {
        var network = new ParallelNet(4);
        Trainer.Fit(network, data, new Adam<float>(0.01), new TrainingOptions { Epochs = 5, BatchSize = 32, Seed = 2, MaxDegreeOfParallelism = threads });
        return network.Parameters.ToArray();
    }

    private static DataSet<float> Data(int count)
    {
        var random = new Random(11);
        float[] inputs = Enumerable.Range(0, count * 64).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(i => (int)(inputs[i * 64] * 10) % 10).ToArray();
        return DataSet<float>.FromLabels(inputs, 64, labels, 10);
    }
}

/// <summary>4,810 parameters: at batch 32 that is enough work for the trainer to split batches over threads.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(64)]
[Dense(64, Activation.Tanh)]
[Dense(10, Activation.Softmax)]
public partial class ParallelNet;
