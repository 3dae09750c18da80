using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// The two fast training paths against the plain one: TrainSample (plain SGD fused into back-propagation) must take
/// exactly the step Backward + Sgd.Step takes on one sample, and BackwardBatch must add the same gradient as Backward
/// summed over the batch, up to float rounding (matrix kernels with fused multiply-adds sum in another order).
/// </summary>
public sealed class BatchedAndFusedPathTests
{
    private const float LearningRate = 0.05f;

    public static TheoryData<string> Names => TestNetworks.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void TrainSample_takes_exactly_the_step_of_Backward_then_Sgd(string name)
    {
        (NetworkCase networkCase, double[] parameters, List<Sample> samples) = Setup(name, 3);
        INetwork<float> fused = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> plain = SampleData.CreateWith(networkCase, parameters);
        var sgd = new Sgd<float>(LearningRate);
        foreach (Sample sample in samples)
        {
            SampleData.AssertTrainSampleIsBackwardThenSgd(fused, plain, sgd, sample, LearningRate);
        }

        // A one-output softmax is always 1, so cross-entropy gives it no gradient; every other network must move.
        if (name != nameof(TinySoftmaxNet))
        {
            Assert.NotEqual(SampleData.ToFloat(parameters), fused.Parameters.ToArray());
        }

        Assert.Equal(plain.Parameters.ToArray(), fused.Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardBatch_adds_the_summed_per_sample_gradients(string name)
    {
        // Seven samples: one block of four rows in the kernels and a remainder of three.
        (NetworkCase networkCase, double[] parameters, List<Sample> samples) = Setup(name, 7);
        INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
        float[] inputs = samples.SelectMany(s => SampleData.ToFloat(s.Input)).ToArray();
        float[] targets = samples.SelectMany(s => SampleData.ToFloat(s.Target)).ToArray();

        network.ZeroGradients();
        double expectedLoss = 0;
        foreach (Sample sample in samples)
        {
            expectedLoss += network.Backward(SampleData.ToFloat(sample.Input), SampleData.ToFloat(sample.Target));
        }

        double[] expected = SampleData.ToDouble(network.Gradients);

        // Added, not assigned: start from a known offset and subtract it.
        var gradients = new float[network.ParameterCount];
        Array.Fill(gradients, 0.5f);
        float loss = network.BackwardBatch(inputs, targets, gradients);
        double[] added = gradients.Select(g => (double)g - 0.5).ToArray();

        // Float sums of seven terms in another order: a few ulps of the largest term, far below any real error.
        Tolerance.AllClose(added, expected, relative: 1e-4, absolute: 1e-5, name + " batched gradients");
        Tolerance.Close(loss, expectedLoss, relative: 1e-5, absolute: 1e-6, name + " batched loss");
    }

    [Fact]
    public void BackwardBatch_rejects_partial_rows_and_mismatched_counts_naming_the_lengths()
    {
        var network = new HiddenTanhNet(1);
        var gradients = new float[HiddenTanhNet.ParameterCount];
        ArgumentException partial = Assert.Throws<ArgumentException>(() => network.BackwardBatch(new float[7], new float[6], gradients));
        Assert.Contains("7", partial.Message, StringComparison.Ordinal);
        ArgumentException mismatched = Assert.Throws<ArgumentException>(() => network.BackwardBatch(new float[8], new float[9], gradients));
        Assert.Contains("9", mismatched.Message, StringComparison.Ordinal);
        ArgumentException shortGradients = Assert.Throws<ArgumentException>(() => network.BackwardBatch(new float[8], new float[6], new float[3]));
        Assert.Contains(HiddenTanhNet.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture), shortGradients.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fused_batched_and_plain_paths_allocate_nothing_per_call()
    {
        var network = new LoopSoftmaxCrossEntropyNet(1);
        var random = new Random(3);
        float[] inputs = Enumerable.Range(0, 32 * 12).Select(_ => (float)random.NextDouble()).ToArray();
        float[] targets = new float[32 * 10];
        for (int b = 0; b < 32; b++)
        {
            targets[(b * 10) + (b % 10)] = 1;
        }

        float[] gradients = new float[LoopSoftmaxCrossEntropyNet.ParameterCount];
        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                network.BackwardBatch(inputs, targets, gradients);
            }
        }));
        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                network.TrainSample(inputs.AsSpan(0, 12), targets.AsSpan(0, 10), 1e-4f);
            }
        }));
    }

    private static (NetworkCase Case, double[] Parameters, List<Sample> Samples) Setup(string name, int count)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 303);
        double[] parameters = SampleData.Parameters(networkCase.Reference, random);
        return (networkCase, parameters, SampleData.Samples(networkCase.Reference, parameters, random, count));
    }
}
