using System;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Fitting;

/// <summary>16,400 hidden neurons: both Forward's and Backward's buffers come from the array pool.</summary>
[Input(1)]
[Dense(16400, Activation.Tanh)]
[Dense(1)]
public partial class FitPooledNet;

/// <summary>
/// A training step allocates nothing: more epochs cost only their reports. Measured on the test's own thread as the
/// smallest of three runs after a warm-up, so JIT tiering and first-call allocations do not count.
/// </summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Extra_epochs_allocate_only_a_bounded_amount_each_not_one_allocation_per_step()
    {
        const int Samples = 300;
        DataSet<float> training = FitData.Sine<float>(Samples, seed: 101);
        DataSet<float> validation = FitData.Sine<float>(20, seed: 102);
        var network = new FitRegressionNet(seed: 1);

        long Measure(int epochs)
        {
            network.InitializeParameters(1);
            var optimizer = new Adam<float>(0.001);
            var options = new TrainingOptions
            {
                Epochs = epochs,
                BatchSize = 1,
                Seed = 2,
                Schedule = new LinearWarmup(50, new CosineAnnealing(20)),
                ClipGradientNorm = 1,
                EarlyStopping = new EarlyStopping(patience: 100),
            };
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Fit(network, training, optimizer, options, validation);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        double perEpoch = PerExtraEpoch(Measure, few: 2, many: 20);

        // An epoch is 300 steps: even one 24-byte object per step would be 7,200 bytes an epoch.
        Assert.True(perEpoch < 2048, $"Each extra epoch allocated {perEpoch:F0} bytes over {Samples} steps.");
    }

    [Fact]
    public void Extra_epochs_of_a_network_with_pooled_buffers_allocate_only_a_bounded_amount_each()
    {
        const int Samples = 30;
        DataSet<float> training = FitData.Sine<float>(Samples, seed: 103);
        DataSet<float> validation = FitData.Sine<float>(5, seed: 104);
        var network = new FitPooledNet(seed: 1);

        long Measure(int epochs)
        {
            network.InitializeParameters(1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Fit(network, training, new Sgd<float>(0.001), new TrainingOptions { Epochs = epochs, BatchSize = 1, Seed = 2 }, validation);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        double perEpoch = PerExtraEpoch(Measure, few: 2, many: 6);

        // 30 steps an epoch: one 24-byte object per step would be 720 bytes; an unpooled scratch array 130 KB.
        Assert.True(perEpoch < 360, $"Each extra epoch allocated {perEpoch:F0} bytes over {Samples} steps.");
    }

    [Fact]
    public void A_small_shuffled_epoch_of_fused_SGD_allocates_only_its_report()
    {
        // The quickstart's shape: a few rows, many epochs, so what an epoch costs besides its steps is what counts.
        DataSet<float> training = FitData.Sine<float>(4, seed: 105);
        var network = new FitRegressionNet(seed: 1);

        long Measure(int epochs)
        {
            network.InitializeParameters(1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Fit(network, training, new Sgd<float>(0.01), new TrainingOptions { Epochs = epochs, BatchSize = 1, Seed = 3 });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        double perEpoch = PerExtraEpoch(Measure, few: 10, many: 1000);
        output.WriteLine($"{perEpoch:F1} bytes per extra epoch of 4 rows.");

        // 80 bytes measured: the EpochReport (64), its and the loss's slots in lists sized up front and the loss in
        // the history's array (16). The shuffle and the steps allocate nothing; one 24-byte object per step would
        // add 96.
        Assert.True(perEpoch <= 96, $"Each extra epoch allocated {perEpoch:F1} bytes.");
    }

    private double PerExtraEpoch(Func<int, long> measure, int few, int many)
    {
        measure(many); // warm-up: JIT, optimizer state, pools
        long fewBytes = long.MaxValue, manyBytes = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            fewBytes = Math.Min(fewBytes, measure(few));
            manyBytes = Math.Min(manyBytes, measure(many));
        }

        double perEpoch = (double)(manyBytes - fewBytes) / (many - few);
        output.WriteLine($"{few} epochs: {fewBytes} bytes; {many} epochs: {manyBytes} bytes; {perEpoch:F0} bytes per extra epoch.");
        return perEpoch;
    }
}
