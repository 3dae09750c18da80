using System;
using System.Collections.Generic;
using FashionMnist;
using Xunit;

namespace CompiledNet.Tests.FashionMnist;

/// <summary>Watching training batch by batch changes no weight, and sees every epoch and batch.</summary>
public sealed class MonitoredNetworkTests
{
    private const int Samples = 300;
    private const int BatchSize = 64;

    [Fact]
    public void Training_through_the_monitor_gives_bit_identical_weights()
    {
        DataSet<float> data = SyntheticImages();
        TrainingOptions options = Options();
        var plain = new FashionNet(seed: 4);
        var watched = new FashionNet(seed: 4);

        Trainer.Fit(plain, data, new Adam<float>(), options);
        Trainer.Fit(new MonitoredNetwork(watched, data.Count, new CountingMonitor()), data, new Adam<float>(), options);

        Assert.Equal(plain.ExportParameters(), watched.ExportParameters());
    }

    [Fact]
    public void Training_the_cnn_through_the_monitor_on_two_threads_gives_bit_identical_weights_and_dropout_masks()
    {
        // Two workers split each batch: the wrapper must pass on the dropout samples the trainer reserves.
        DataSet<float> data = SyntheticImages().Take(96);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 9, MaxDegreeOfParallelism = 2 };
        var plain = new FashionCnn(seed: 4);
        var watched = new FashionCnn(seed: 4);
        var monitor = new CountingMonitor();

        Trainer.Fit(plain, data, new Adam<float>(), options);
        Trainer.Fit(new MonitoredNetwork(watched, data.Count, monitor), data, new Adam<float>(), options);

        Assert.Equal(plain.ExportParameters(), watched.ExportParameters());
        Assert.Equal(plain.DropoutPosition, watched.DropoutPosition);
        Assert.Equal(96UL, watched.DropoutPosition);
        Assert.Equal([32, 64], monitor.SamplesDone);
    }

    [Fact]
    public void The_monitor_hears_each_epoch_start_and_each_batch_after_the_first()
    {
        DataSet<float> data = SyntheticImages();
        var monitor = new CountingMonitor();
        var network = new MonitoredNetwork(new FashionNet(seed: 4), data.Count, monitor);

        Trainer.Fit(network, data, new Adam<float>(), Options(), progress: new EndEpochs(network, monitor));

        // 300 samples in batches of 64: five batches, the first one opening the epoch.
        Assert.Equal([1, 2], monitor.Started);
        Assert.Equal([64, 128, 192, 256, 64, 128, 192, 256], monitor.SamplesDone);
        Assert.All(monitor.RunningLosses, loss => Assert.True(loss > 0 && double.IsFinite(loss)));
        Assert.Equal(2, monitor.EpochLosses.Count);
        Assert.All(monitor.EpochLosses, loss => Assert.True(loss > 0 && double.IsFinite(loss)));
    }

    private static TrainingOptions Options() => new() { Epochs = 2, BatchSize = BatchSize, Seed = 9 };

    private static DataSet<float> SyntheticImages()
    {
        var random = new SeededRandom(11);
        var pixels = new float[Samples * FashionNet.InputSize];
        var labels = new int[Samples];
        for (int i = 0; i < Samples; i++)
        {
            labels[i] = i % FashionNet.OutputSize;
            for (int p = 0; p < FashionNet.InputSize; p++)
            {
                pixels[(i * FashionNet.InputSize) + p] = (float)random.NextDouble() * (p % 10 == labels[i] ? 1f : 0.3f);
            }
        }

        return DataSet<float>.FromLabels(pixels, FashionNet.InputSize, labels, FashionNet.OutputSize);
    }

    private sealed class CountingMonitor : IEpochMonitor
    {
        public List<int> Started { get; } = [];

        public List<int> SamplesDone { get; } = [];

        public List<double> RunningLosses { get; } = [];

        public List<double> EpochLosses { get; } = [];

        public void EpochStarted(int epoch, int samples) => Started.Add(epoch);

        public void BatchDone(int samplesDone, double runningLoss, TimeSpan elapsed)
        {
            SamplesDone.Add(samplesDone);
            RunningLosses.Add(runningLoss);
        }

        public void EpochEnded(EpochSummary summary)
        {
        }
    }

    private sealed class EndEpochs(MonitoredNetwork network, CountingMonitor monitor) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => monitor.EpochLosses.Add(network.EndEpoch().MeanLoss);
    }
}
