using System;
using System.Linq;
using System.Numerics;
using System.Threading;
using CompiledNet.Tests.FastPaths;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>
/// BackwardBatch reads the parameters only: several threads running it at once on one instance, each into its own
/// gradient span, get bit for bit what one thread gets.
/// </summary>
public sealed class BackwardBatchConcurrencyTests
{
    private const int Threads = 4;
    private const int Rows = 8;

    [Fact]
    public void An_unrolled_network_gives_the_same_gradients_on_several_threads() =>
        AssertConcurrentEqualsSerial(new FitUnrolledNet(seed: 1), seed: 71, rounds: 200);

    [Fact]
    public void A_looped_network_gives_the_same_gradients_on_several_threads() =>
        AssertConcurrentEqualsSerial(new ParallelNet(seed: 2), seed: 72, rounds: 40);

    // Each call rents its scratch from the shared pool, so the calls' rentals overlap.
    [Fact]
    public void A_network_with_pooled_scratch_gives_the_same_gradients_on_several_threads() =>
        AssertConcurrentEqualsSerial(new FitWideNet(seed: 3), seed: 73, rounds: 5);

    [Fact]
    public void A_double_network_gives_the_same_gradients_on_several_threads() =>
        AssertConcurrentEqualsSerial(new FitDoubleRegressionNet(seed: 4), seed: 74, rounds: 200);

    private static void AssertConcurrentEqualsSerial<T>(INetwork<T> network, int seed, int rounds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        T[][] inputs = new T[Threads][];
        T[][] targets = new T[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            inputs[t] = new T[Rows * network.InputSize];
            targets[t] = new T[Rows * network.OutputSize];
            random.FillUniform<T>(inputs[t], 2.0);
            for (int row = 0; row < Rows; row++)
            {
                // A one-hot target suits every loss here, softmax cross-entropy included.
                targets[t][(row * network.OutputSize) + (row % network.OutputSize)] = T.One;
            }
        }

        float[] before = network.Parameters.ToArray().Select(float.CreateTruncating).ToArray();
        T[][] serial = new T[Threads][];
        T[] serialLoss = new T[Threads];
        for (int t = 0; t < Threads; t++)
        {
            serial[t] = new T[network.ParameterCount];
            serialLoss[t] = network.BackwardBatch(inputs[t], targets[t], serial[t]);
        }

        int mismatches = 0;
        Exception?[] failures = new Exception?[Threads];
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                var gradients = new T[network.ParameterCount];
                start.SignalAndWait();
                for (int round = 0; round < rounds; round++)
                {
                    Array.Clear(gradients);
                    T loss = network.BackwardBatch(inputs[t], targets[t], gradients);
                    if (!gradients.AsSpan().SequenceEqual(serial[t]) || !loss.Equals(serialLoss[t]))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(failures, Assert.Null);
        Assert.Equal(0, mismatches);
        Assert.All(serial, g => Assert.Contains(g, v => v != T.Zero));

        // Nothing but the given spans was written.
        Assert.Equal(before, network.Parameters.ToArray().Select(float.CreateTruncating).ToArray());
        Assert.All(network.Gradients.ToArray(), v => Assert.Equal(T.Zero, v));
    }
}
