using System;
using System.Linq;
using System.Threading;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>Small: every layer unrolled, buffers on the stack.</summary>
[Input(3)]
[Dense(6, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class FitUnrolledNet;

/// <summary>A hidden layer of 20,000 neurons: looped layers, and Forward's buffers rented from the array pool.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(4)]
[Dense(20000, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class FitWideNet;

/// <summary>Forward from several threads at once on one instance gives exactly what serial calls give.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 4;

    [Fact]
    public void Concurrent_forward_on_an_unrolled_network_equals_serial_forward() =>
        AssertConcurrentEqualsSerial(new FitUnrolledNet(seed: 1), seed: 91, callsPerThread: 1000);

    // A call costs 140,000 multiply-adds here, so fewer calls: still thousands of overlapping pooled rentals.
    [Fact]
    public void Concurrent_forward_on_a_network_with_pooled_buffers_equals_serial_forward() =>
        AssertConcurrentEqualsSerial(new FitWideNet(seed: 2), seed: 92, callsPerThread: 250);

    [Fact]
    public void Forward_on_the_wide_network_does_not_depend_on_what_the_pooled_buffer_held_before()
    {
        // Rented arrays come back dirty; each call must overwrite every value it reads. Fill the pool with garbage
        // and check the result against a call made before.
        var network = new FitWideNet(seed: 3);
        float[] input = { 0.3f, -1.2f, 0.7f, 2.0f };
        var expected = new float[3];
        network.Forward(input, expected);

        for (int round = 0; round < 4; round++)
        {
            float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(40009);
            Array.Fill(rented, round % 2 == 0 ? float.NaN : 1e30f);
            System.Buffers.ArrayPool<float>.Shared.Return(rented);

            var actual = new float[3];
            network.Forward(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    private static void AssertConcurrentEqualsSerial(INetwork<float> network, int seed, int callsPerThread)
    {
        var random = new SeededRandom(seed);
        float[][][] inputs = new float[Threads][][];
        for (int t = 0; t < Threads; t++)
        {
            inputs[t] = new float[callsPerThread][];
            for (int c = 0; c < callsPerThread; c++)
            {
                inputs[t][c] = new float[network.InputSize];
                random.FillUniform<float>(inputs[t][c], 3.0);
            }
        }

        // Serial first, one call at a time.
        float[][][] serial = inputs.Select(calls => calls.Select(input => Run(network, input)).ToArray()).ToArray();

        // Then all threads at once, released together.
        float[][][] concurrent = new float[Threads][][];
        Exception?[] failures = new Exception?[Threads];
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                concurrent[t] = inputs[t].Select(input => Run(network, input)).ToArray();
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
        for (int t = 0; t < Threads; t++)
        {
            for (int c = 0; c < callsPerThread; c++)
            {
                Assert.True(
                    serial[t][c].Select(BitConverter.SingleToInt32Bits).SequenceEqual(concurrent[t][c].Select(BitConverter.SingleToInt32Bits)),
                    $"Thread {t}, call {c}: [{string.Join(", ", concurrent[t][c])}] concurrently, [{string.Join(", ", serial[t][c])}] serially.");
            }
        }
    }

    private static float[] Run(INetwork<float> network, float[] input)
    {
        var output = new float[network.OutputSize];
        network.Forward(input, output);
        return output;
    }
}
