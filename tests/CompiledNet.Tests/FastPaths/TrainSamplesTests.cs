using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Tests.Gradients;
using CompiledNet.Tests.Training;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// TrainSamples, per-sample SGD over many rows with the weights held in locals, against TrainSample row by row: the
/// same weights and losses bit for bit, the same stop before a non-finite sample, and nothing trained on bad input.
/// </summary>
public sealed class TrainSamplesTests
{
    private const float LearningRate = 0.05f;

    public static TheoryData<string> Names => TestNetworks.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void TrainSamples_equals_TrainSample_row_by_row_bit_for_bit(string name)
    {
        (NetworkCase networkCase, double[] parameters, float[] inputs, float[] targets) = Setup(name, rows: 7);
        INetwork<float> together = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> oneByOne = SampleData.CreateWith(networkCase, parameters);

        // Rows out of order and repeated, as a shuffled epoch or several epochs would give them.
        int[] order = [3, 0, 6, 6, 1, 5, 2, 4, 0, 3, 1, 2, 5, 6, 4, 0, 2, 1, 3, 5];
        float expectedLoss = 0f;
        foreach (int row in order)
        {
            expectedLoss += oneByOne.TrainSample(Row(inputs, row, oneByOne.InputSize), Row(targets, row, oneByOne.OutputSize), LearningRate);
        }

        float loss = together.TrainSamples(inputs, targets, order, LearningRate, out int trained);

        Assert.Equal(order.Length, trained);
        Assert.Equal(expectedLoss, loss);
        Assert.Equal(oneByOne.Parameters.ToArray(), together.Parameters.ToArray());
        if (name != nameof(TinySoftmaxNet))
        {
            Assert.NotEqual(SampleData.ToFloat(parameters), together.Parameters.ToArray());
        }
    }

    [Theory]
    [InlineData(nameof(VectorSigmoidNet))]
    [InlineData(nameof(VectorStackNet))]
    [InlineData(nameof(HiddenTanhNet))]
    [InlineData(nameof(LoopSigmoidNet))]
    public void The_interface_default_for_hand_written_networks_takes_the_same_steps(string name)
    {
        (NetworkCase networkCase, double[] parameters, float[] inputs, float[] targets) = Setup(name, rows: 5);
        INetwork<float> generated = SampleData.CreateWith(networkCase, parameters);

        // A wrapper that implements INetwork itself gets TrainSamples from the interface: a loop over TrainSample.
        INetwork<float> wrapped = new GradientPoisoningNetwork(SampleData.CreateWith(networkCase, parameters), poisonedCall: -1);
        int[] order = [4, 1, 1, 0, 3, 2, 4];

        float generatedLoss = generated.TrainSamples(inputs, targets, order, LearningRate, out int generatedTrained);
        float wrappedLoss = wrapped.TrainSamples(inputs, targets, order, LearningRate, out int wrappedTrained);

        Assert.Equal(generatedTrained, wrappedTrained);
        Assert.Equal(generatedLoss, wrappedLoss);
        Assert.Equal(generated.Parameters.ToArray(), wrapped.Parameters.ToArray());
    }

    [Theory]
    [InlineData(nameof(VectorSigmoidNet))]
    [InlineData(nameof(VectorAfterScalarNet))]
    [InlineData(nameof(HiddenSigmoidNet))]
    [InlineData(nameof(LoopTanhNet))]
    public void A_non_finite_sample_stops_training_before_its_step_keeping_the_steps_before_it(string name)
    {
        (NetworkCase networkCase, double[] parameters, float[] inputs, float[] targets) = Setup(name, rows: 4);
        INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> twin = SampleData.CreateWith(networkCase, parameters);
        int outputs = network.OutputSize;
        targets[(2 * outputs) + outputs - 1] = float.NaN;
        int[] order = [0, 1, 3, 2, 0, 1];

        float loss = network.TrainSamples(inputs, targets, order, LearningRate, out int trained);

        Assert.True(float.IsNaN(loss), $"The loss was {loss}.");
        Assert.Equal(3, trained);
        foreach (int row in order[..3])
        {
            twin.TrainSample(Row(inputs, row, twin.InputSize), Row(targets, row, outputs), LearningRate);
        }

        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(nameof(VectorSigmoidNet), 9)]
    [InlineData(nameof(VectorSigmoidNet), -1)]
    [InlineData(nameof(LoopReluNet), 4)]
    public void An_order_entry_that_is_not_a_row_is_refused_naming_it_before_any_step(string name, int badRow)
    {
        (NetworkCase networkCase, double[] parameters, float[] inputs, float[] targets) = Setup(name, rows: 4);
        INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
        float[] before = network.Parameters.ToArray();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => network.TrainSamples(inputs, targets, new[] { 0, 1, 2, badRow, 3 }, LearningRate, out _));

        Assert.Equal("order", error.ParamName);
        Assert.Contains($"order[3] is {badRow}", error.Message, StringComparison.Ordinal);
        Assert.Contains("rows 0 to 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Partial_rows_and_mismatched_row_counts_are_refused_naming_the_lengths()
    {
        var network = new VectorSigmoidNet(1);
        ArgumentException partial = Assert.Throws<ArgumentException>(() => network.TrainSamples(new float[7], new float[3], [0], LearningRate, out _));
        Assert.Contains("7", partial.Message, StringComparison.Ordinal);
        ArgumentException mismatched = Assert.Throws<ArgumentException>(() => network.TrainSamples(new float[8], new float[5], [0], LearningRate, out _));
        Assert.Contains("5", mismatched.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_order_trains_nothing()
    {
        var network = new VectorSigmoidNet(1);
        float[] before = network.Parameters.ToArray();

        float loss = network.TrainSamples(new float[4], new float[2], ReadOnlySpan<int>.Empty, LearningRate, out int trained);

        Assert.Equal(0f, loss);
        Assert.Equal(0, trained);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void TrainSamples_allocates_nothing()
    {
        var compact = new VectorSigmoidNet(1);
        var looped = new LoopSigmoidNet(1);
        float[] inputs = Enumerable.Range(0, 20 * 8).Select(i => (i % 7) / 7f).ToArray();
        float[] targets = Enumerable.Range(0, 17 * 8).Select(i => (i % 3) / 3f).ToArray();
        int[] order = Enumerable.Range(0, 64).Select(i => i % 8).ToArray();

        Assert.Equal(0, AllocationMeter.Measure(() => compact.TrainSamples(inputs.AsSpan(0, 16), targets.AsSpan(0, 8), order, 0.01f, out _)));
        Assert.Equal(0, AllocationMeter.Measure(() => looped.TrainSamples(inputs, targets, order, 0.01f, out _)));
    }

    private static ReadOnlySpan<float> Row(float[] values, int row, int size) => values.AsSpan(row * size, size);

    private static (NetworkCase Case, double[] Parameters, float[] Inputs, float[] Targets) Setup(string name, int rows)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 707);
        double[] parameters = SampleData.Parameters(networkCase.Reference, random);
        List<Sample> samples = SampleData.Samples(networkCase.Reference, parameters, random, rows);
        float[] inputs = samples.SelectMany(s => SampleData.ToFloat(s.Input)).ToArray();
        float[] targets = samples.SelectMany(s => SampleData.ToFloat(s.Target)).ToArray();
        return (networkCase, parameters, inputs, targets);
    }
}
