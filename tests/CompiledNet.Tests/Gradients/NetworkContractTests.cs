using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>The promises of INetwork beyond the numbers: accumulation, clearing, argument checks, concurrent Forward.</summary>
public sealed class NetworkContractTests
{
    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Backward_adds_to_the_gradients_instead_of_overwriting_them(string name)
    {
        (INetwork<float> network, float[] input, float[] target) = Setup(name);
        network.ZeroGradients();
        float firstLoss = network.Backward(input, target);
        float[] once = network.Gradients.ToArray();
        Assert.Contains(once, g => g != 0 || name == nameof(TinySoftmaxNet)); // a one-way softmax has zero gradient

        float secondLoss = network.Backward(input, target);
        Assert.Equal(firstLoss, secondLoss);
        // The same float added to itself is exactly twice it, so the comparison can be exact.
        Assert.Equal(once.Select(g => g + g), network.Gradients.ToArray());

        // Whatever was in the buffer beforehand is kept and added to.
        float[] start = Enumerable.Range(0, network.ParameterCount).Select(i => 0.25f * (i % 7) - 0.5f).ToArray();
        start.CopyTo(network.Gradients);
        network.Backward(input, target);
        Assert.Equal(start.Zip(once, (s, g) => s + g), network.Gradients.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void ZeroGradients_clears_what_Backward_accumulated(string name)
    {
        (INetwork<float> network, float[] input, float[] target) = Setup(name);
        network.ZeroGradients();
        network.Backward(input, target);
        float[] once = network.Gradients.ToArray();
        network.Backward(input, target);

        network.ZeroGradients();
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0f, g));
        network.Backward(input, target);
        Assert.Equal(once, network.Gradients.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void A_new_network_starts_with_zero_gradients_and_Forward_leaves_them_alone(string name)
    {
        (INetwork<float> network, float[] input, _) = Setup(name);
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0f, g));
        network.Forward(input, new float[network.OutputSize]);
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Theory]
    [InlineData(nameof(MixedNet))]
    [InlineData(nameof(LoopSoftmaxCrossEntropyNet))]
    [InlineData(nameof(LoopedLogisticRegressionNet))]
    public void Forward_rejects_wrong_span_lengths_naming_both_lengths(string name)
    {
        (INetwork<float> network, float[] input, _) = Setup(name);
        int inputs = network.InputSize, outputs = network.OutputSize;
        var output = new float[outputs];

        AssertLengthError("input", inputs, inputs + 7, () => network.Forward(new float[inputs + 7], output));
        AssertLengthError("input", inputs, inputs - 1, () => network.Forward(new float[inputs - 1], output));
        AssertLengthError("output", outputs, outputs + 5, () => network.Forward(input, new float[outputs + 5]));
        AssertLengthError("output", outputs, 0, () => network.Forward(input, Span<float>.Empty));
    }

    [Theory]
    [InlineData(nameof(MixedNet))]
    [InlineData(nameof(LoopSoftmaxCrossEntropyNet))]
    [InlineData(nameof(LoopedLogisticRegressionNet))]
    public void Backward_rejects_wrong_span_lengths_naming_both_lengths_and_keeps_the_gradients(string name)
    {
        (INetwork<float> network, float[] input, float[] target) = Setup(name);
        int inputs = network.InputSize, outputs = network.OutputSize;
        network.Backward(input, target);
        float[] before = network.Gradients.ToArray();

        AssertLengthError("input", inputs, inputs + 9, () => network.Backward(new float[inputs + 9], target));
        AssertLengthError("input", inputs, 0, () => network.Backward(ReadOnlySpan<float>.Empty, target));
        AssertLengthError("target", outputs, outputs + 3, () => network.Backward(input, new float[outputs + 3]));
        AssertLengthError("target", outputs, outputs - 1, () => network.Backward(input, new float[outputs - 1]));
        Assert.Equal(before, network.Gradients.ToArray());
    }

    [Theory]
    [InlineData(nameof(MixedNet))]
    [InlineData(nameof(UnrollBoundaryNet))]
    [InlineData(nameof(LoopSoftmaxCrossEntropyNet))]
    [InlineData(nameof(DeepLoopNet))]
    public void Concurrent_Forward_calls_on_one_instance_give_exactly_the_serial_outputs(string name)
    {
        const int Threads = 4, Rounds = 100, Inputs = 32;
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name));
        INetwork<float> network = SampleData.CreateWith(networkCase, SampleData.Parameters(networkCase.Reference, random));
        float[][] inputs = Enumerable.Range(0, Inputs).Select(_ => SampleData.ToFloat(SampleData.Input(network.InputSize, random))).ToArray();
        float[][] serial = inputs.Select(x =>
        {
            var y = new float[network.OutputSize];
            network.Forward(x, y);
            return y;
        }).ToArray();

        int mismatches = 0;
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var output = new float[network.OutputSize];
            start.SignalAndWait();
            for (int round = 0; round < Rounds; round++)
            {
                // Each thread walks the inputs from a different starting point so different samples overlap in time.
                for (int k = 0; k < Inputs; k++)
                {
                    int i = (k + t * 7 + round) % Inputs;
                    network.Forward(inputs[i], output);
                    if (!output.AsSpan().SequenceEqual(serial[i]))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
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

        Assert.Equal(0, mismatches);
    }

    private static (INetwork<float> Network, float[] Input, float[] Target) Setup(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        ReferenceNetwork reference = networkCase.Reference;
        var random = new Random(SampleData.StableSeed(name) + 1);
        double[] parameters = SampleData.Parameters(reference, random);
        Sample sample = SampleData.Samples(reference, parameters, random, count: 1)[0];
        return (SampleData.CreateWith(networkCase, parameters), SampleData.ToFloat(sample.Input), SampleData.ToFloat(sample.Target));
    }

    private static void AssertLengthError(string parameterName, int expected, int actual, Action call)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameterName, error.ParamName);
        // Whole numbers only, so "12" is not found inside "120".
        Assert.Matches(new Regex($@"\b{expected}\b"), error.Message);
        Assert.Matches(new Regex($@"\b{actual}\b"), error.Message);
    }
}
