using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;
using static CompiledNet.Tests.Training.TrainingData;

namespace CompiledNet.Tests.Training;

/// <summary>
/// Forward, Backward and a training step allocate nothing. Measured with GC.GetAllocatedBytesForCurrentThread, which
/// counts only this thread's managed allocations, so tests running in parallel do not disturb it.
/// </summary>
public sealed class AllocationTests
{
    private const int WarmUp = 2_000;
    private const int Calls = 5_000;

    [Fact]
    public void Forward_and_Backward_of_an_unrolled_network_allocate_nothing()
    {
        var network = new MixedNet(1);
        float[] input = [0.3f, -0.7f, 1.1f], target = [0.25f, 0.75f], output = new float[2];
        Assert.Equal(0, AllocatedBy(() => network.Forward(input, output)));
        Assert.Equal(0, AllocatedBy(() => network.Backward(input, target)));
    }

    [Fact]
    public void Forward_and_Backward_of_a_looped_network_allocate_nothing()
    {
        var network = new LoopSoftmaxCrossEntropyNet(1);
        float[][] rows = Rows(new Random(5), 1, 12);
        float[] target = new float[10], output = new float[10];
        target[3] = 1;
        Assert.Equal(0, AllocatedBy(() => network.Forward(rows[0], output)));
        Assert.Equal(0, AllocatedBy(() => network.Backward(rows[0], target)));
    }

    [Fact]
    public void A_training_step_through_the_interfaces_allocates_nothing()
    {
        // What Trainer does per batch: ZeroGradients, Backward per sample, optimizer Step, all through interfaces.
        INetwork<float> network = new DeepLoopNet(1);
        IOptimizer<float> optimizer = new Sgd<float>(1e-4f);
        float[][] inputs = Rows(new Random(6), 2, 20);
        float[][] targets = Rows(new Random(7), 2, 3);
        Assert.Equal(0, AllocatedBy(() =>
        {
            network.ZeroGradients();
            network.Backward(inputs[0], targets[0]);
            network.Backward(inputs[1], targets[1]);
            optimizer.Step(network.Parameters, network.Gradients, 0.5f);
        }));
    }

    [Fact]
    public void Trainer_allocates_per_run_and_per_epoch_but_nothing_per_step()
    {
        // 64 samples in batches of 2: 32 steps per epoch. 201 epochs take 6,400 more steps than 1 epoch; any
        // allocation in a step (at least 24 bytes) would add over 150 KB. The only growth allowed is per epoch: the
        // epoch's report and its entries in the history (bounded here by 256 bytes an epoch, 51 KB in all).
        var network = new XorNetwork(seed: 1);
        float[][] inputs = Rows(new Random(8), 64, 2);
        float[][] targets = Rows(new Random(9), 64, 1, 0, 1);
        var optimizer = new Sgd<float>(0.01f);
        long Run(int epochs) => AllocatedBy(
            () => Trainer.Train(network, inputs, targets, optimizer, new TrainingOptions { Epochs = epochs, BatchSize = 2, Seed = 1 }),
            warmUp: 20,
            calls: 1);

        long oneEpoch = Run(1);
        long manyEpochs = Run(201);
        Assert.InRange(manyEpochs - oneEpoch, 0, 256 * 200);
    }

    private static long AllocatedBy(Action action, int warmUp = WarmUp, int calls = Calls) =>
        // Warm-up lets tiered compilation finish promoting the code so the measured calls run the final code.
        AllocationMeter.Measure(
            () =>
            {
                for (int i = 0; i < calls; i++)
                {
                    action();
                }
            },
            warmUpRounds: Math.Max(1, warmUp / Math.Max(1, calls)));
}
