using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static CompiledNet.Activation;

namespace CompiledNet.Tests.Gradients;

// Activation.ApproximateSigmoid as a vector layer of four (compact float), unrolled, looped, on the output, and in double.
[Input(2), Dense(4, ApproximateSigmoid), Dense(1, ApproximateSigmoid)] public partial class VectorApproximateSigmoidNet;
[Input(4), Dense(6, ApproximateSigmoid), Dense(3)] public partial class HiddenApproximateSigmoidNet;
[Input(3), Dense(5, Tanh), Dense(4, ApproximateSigmoid)] public partial class OutputApproximateSigmoidNet;
[Input(20), Dense(16, ApproximateSigmoid), Dense(17, ApproximateSigmoid)] public partial class LoopApproximateSigmoidNet;
[Network(Precision = Precision.Double), Input(2), Dense(4, ApproximateSigmoid), Dense(1, ApproximateSigmoid)] public partial class DoubleApproximateSigmoidNet;

/// <summary>
/// Networks with <see cref="ApproximateSigmoid"/> against the double reference, which applies the same approximation
/// and its documented derivative y(1 - y) (its consistency with the approximation's slope is
/// <see cref="ApproximateSigmoidTests"/>' concern); and the fused paths against Backward + Sgd, bit for bit. They
/// are kept out of <see cref="TestNetworks.Cases"/>, whose reference is checked against central differences to 1e-6,
/// a bound the approximation's slope is not meant to meet.
/// </summary>
public sealed class ApproximateSigmoidNetworkTests
{
    private const float LearningRate = 0.05f;

    private static readonly NetworkCase[] Cases =
    [
        Case<VectorApproximateSigmoidNet>(s => new(s), 2, Loss.MeanSquaredError, Layer(4, ApproximateSigmoid), Layer(1, ApproximateSigmoid)),
        Case<HiddenApproximateSigmoidNet>(s => new(s), 4, Loss.MeanSquaredError, Layer(6, ApproximateSigmoid), Layer(3, Linear)),
        Case<OutputApproximateSigmoidNet>(s => new(s), 3, Loss.MeanSquaredError, Layer(5, Tanh), Layer(4, ApproximateSigmoid)),
        Case<LoopApproximateSigmoidNet>(s => new(s), 20, Loss.MeanSquaredError, Layer(16, ApproximateSigmoid), Layer(17, ApproximateSigmoid)),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_backward_and_loss_match_the_reference_to_float_rounding(string name)
    {
        NetworkCase networkCase = Cases.Single(c => c.Name == name);
        var random = new Random(SampleData.StableSeed(name));
        double[] parameters = SampleData.Parameters(networkCase.Reference, random);
        INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
        var output = new float[network.OutputSize];
        foreach (Sample sample in SampleData.Samples(networkCase.Reference, parameters, random, count: 5))
        {
            float[] input = SampleData.ToFloat(sample.Input);
            network.Forward(input, output);
            Tolerance.AllClose(output, networkCase.Reference.Forward(parameters, sample.Input), BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, name + " output");

            network.ZeroGradients();
            float loss = network.Backward(input, SampleData.ToFloat(sample.Target));
            double[] expected = networkCase.Reference.Gradient(parameters, sample.Input, sample.Target, out double expectedLoss);
            Tolerance.Close(loss, expectedLoss, BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, name + " loss");
            Tolerance.AllClose(network.Gradients, expected, BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, name + " gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TrainSample_and_TrainSamples_take_exactly_the_steps_of_Backward_then_Sgd(string name)
    {
        NetworkCase networkCase = Cases.Single(c => c.Name == name);
        var random = new Random(SampleData.StableSeed(name));
        double[] parameters = SampleData.Parameters(networkCase.Reference, random);
        List<Sample> samples = SampleData.Samples(networkCase.Reference, parameters, random, count: 4);
        INetwork<float> fused = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> together = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> plain = SampleData.CreateWith(networkCase, parameters);
        var sgd = new Sgd<float>(LearningRate);
        float plainTotal = 0f;
        foreach (Sample sample in samples)
        {
            plainTotal += SampleData.AssertTrainSampleIsBackwardThenSgd(fused, plain, sgd, sample, LearningRate);
        }

        float[] inputs = samples.SelectMany(s => SampleData.ToFloat(s.Input)).ToArray();
        float[] targets = samples.SelectMany(s => SampleData.ToFloat(s.Target)).ToArray();
        float togetherLoss = together.TrainSamples(inputs, targets, [0, 1, 2, 3], LearningRate, out int trained);

        Assert.Equal(samples.Count, trained);
        Assert.Equal(plainTotal, togetherLoss);
        Assert.NotEqual(SampleData.ToFloat(parameters), fused.Parameters.ToArray());
        Assert.Equal(plain.Parameters.ToArray(), fused.Parameters.ToArray());
        Assert.Equal(plain.Parameters.ToArray(), together.Parameters.ToArray());
    }

    [Fact]
    public void A_double_network_computes_the_approximation_in_float_and_learns_XOR()
    {
        var network = new DoubleApproximateSigmoidNet(3);
        double[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        double[] targets = [0, 1, 1, 0];
        for (int epoch = 0; epoch < 4000; epoch++)
        {
            network.TrainSamples(inputs, targets, [0, 1, 2, 3], 0.5, out _);
        }

        var output = new double[1];
        for (int row = 0; row < 4; row++)
        {
            network.Forward(inputs.AsSpan(row * 2, 2), output);
            Assert.True(Math.Abs(output[0] - targets[row]) < 0.2, $"XOR row {row}: {output[0]}.");
            Assert.Equal((double)(float)output[0], output[0]);
        }
    }

    [Fact]
    public void The_architecture_names_the_activation_and_differs_from_the_exact_sigmoid_s()
    {
        Assert.Equal(ApproximateSigmoid, ((DenseLayerInfo)new VectorApproximateSigmoidNet().Architecture.Layers[0]).Activation);
        Assert.NotEqual(new VectorApproximateSigmoidNet().Architecture.Fingerprint, new VectorSigmoidNet().Architecture.Fingerprint);
    }

    private static ReferenceLayer Layer(int size, Activation activation) => new(size, activation);

    private static NetworkCase Case<TNetwork>(Func<int, TNetwork> create, int inputSize, Loss loss, params ReferenceLayer[] layers)
        where TNetwork : INetwork<float> =>
        new(typeof(TNetwork).Name, seed => create(seed), new ReferenceNetwork(inputSize, loss, layers));
}
