using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// The generated convolutional networks against the double-precision reference: Forward, Backward with the masks the
/// network's dropout generator drew, BackwardBatch, and TrainSample, on random parameters and samples.
/// </summary>
public sealed class GeneratedConvTests
{
    // Float against double: the same bound as the dense networks' (BackwardMatchesReferenceTests), which explains it.
    private const double Relative = BackwardMatchesReferenceTests.Relative;
    private const double Absolute = BackwardMatchesReferenceTests.Absolute;

    // A double network against the double reference differs only by summation order.
    private const double DoubleTolerance = 1e-11;

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Forward_matches_the_reference_with_dropout_as_the_identity(string name)
    {
        ConvCase convCase = ConvCases.Get(name);
        var random = new Random(SampleData.StableSeed(name));
        for (int draw = 0; draw < 3; draw++)
        {
            double[] parameters = ConvCases.Parameters(convCase.Reference, random);
            double[] input = ConvCases.Input(convCase.Reference.InputSize, random);
            double[] expected = convCase.Reference.Forward(parameters, input);
            if (convCase.IsDouble)
            {
                INetwork<double> network = convCase.CreateDouble();
                parameters.CopyTo(network.Parameters);
                var output = new double[network.OutputSize];
                network.Forward(input, output);
                Tolerance.AllClose(output, expected, DoubleTolerance, DoubleTolerance, name + " output");
            }
            else
            {
                INetwork<float> network = convCase.CreateFloat();
                SampleData.ToFloat(parameters).CopyTo(network.Parameters);
                var output = new float[network.OutputSize];
                network.Forward(SampleData.ToFloat(input), output);
                Tolerance.AllClose(output, expected, Relative, Absolute, name + " output");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Backward_matches_the_reference_under_the_drawn_dropout_masks(string name)
    {
        ConvCase convCase = ConvCases.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 1);
        const ulong seed = 41;
        double[] parameters = ConvCases.Parameters(convCase.Reference, random);
        INetwork<float>? single = convCase.IsDouble ? null : convCase.CreateFloat();
        INetwork<double>? dual = convCase.IsDouble ? convCase.CreateDouble() : null;
        SetDropout(single ?? (object)dual!, seed, 0);
        if (single is not null)
        {
            SampleData.ToFloat(parameters).CopyTo(single.Parameters);
        }
        else
        {
            parameters.CopyTo(dual!.Parameters);
        }

        for (ulong sample = 0; sample < 4; sample++)
        {
            double[] input = ConvCases.Input(convCase.Reference.InputSize, random);
            double[] target = ConvCases.Target(convCase.Reference, random);
            double[][] masks = convCase.IsDouble ? ConvCases.Masks<double>(convCase, seed, sample) : ConvCases.Masks<float>(convCase, seed, sample);
            double[] expected = convCase.Reference.Gradient(parameters, input, target, masks, out double expectedLoss);
            if (single is not null)
            {
                single.ZeroGradients();
                float loss = single.Backward(SampleData.ToFloat(input), SampleData.ToFloat(target));
                Tolerance.Close(loss, expectedLoss, Relative, Absolute, name + " loss");
                Tolerance.AllClose(single.Gradients, expected, Relative, Absolute, name + " gradient");
            }
            else
            {
                dual!.ZeroGradients();
                double loss = dual.Backward(input, target);
                Assert.InRange(Math.Abs(loss - expectedLoss), 0, DoubleTolerance * (1 + Math.Abs(expectedLoss)));
                Tolerance.AllClose(dual.Gradients, expected, DoubleTolerance, DoubleTolerance, name + " gradient");
            }
        }

        // Each Backward took one training sample of the generator; a network without dropout has none.
        Assert.Equal(convCase.DropoutProbabilities.Count > 0 ? 4UL : 0UL, DropoutPosition(single ?? (object)dual!));
    }

    [Theory]
    [MemberData(nameof(ConvCases.FloatNames), MemberType = typeof(ConvCases))]
    public void BackwardBatch_sums_what_Backward_gives_sample_by_sample(string name)
    {
        ConvCase convCase = ConvCases.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 2);
        double[] parameters = ConvCases.Parameters(convCase.Reference, random);
        const int count = 5;
        float[] inputs = SampleData.ToFloat(Enumerable.Range(0, count).SelectMany(_ => ConvCases.Input(convCase.Reference.InputSize, random)).ToArray());
        float[] targets = SampleData.ToFloat(Enumerable.Range(0, count).SelectMany(_ => ConvCases.Target(convCase.Reference, random)).ToArray());

        INetwork<float> perSample = convCase.CreateFloat(), batched = convCase.CreateFloat();
        foreach (INetwork<float> network in new[] { perSample, batched })
        {
            SampleData.ToFloat(parameters).CopyTo(network.Parameters);
            SetDropout(network, 7, 100);
        }

        perSample.ZeroGradients();
        double expectedLoss = 0;
        for (int b = 0; b < count; b++)
        {
            expectedLoss += perSample.Backward(
                inputs.AsSpan(b * perSample.InputSize, perSample.InputSize), targets.AsSpan(b * perSample.OutputSize, perSample.OutputSize));
        }

        var gradients = new float[batched.ParameterCount];
        float loss = batched.BackwardBatch(inputs, targets, gradients);
        Tolerance.Close(loss, expectedLoss, Relative, Absolute, name + " loss");
        Tolerance.AllClose(gradients, SampleData.ToDouble(perSample.Gradients), Relative, Absolute, name + " gradient");
        Assert.Equal(DropoutPosition(perSample), DropoutPosition(batched));

        // Split in two with the masks reserved up front, as the parallel runner does: the same masks, the same sum.
        SetDropout(batched, 7, 100);
        ulong first = batched.ReserveDropoutSamples(count);
        var split = new float[batched.ParameterCount];
        int half = 2;
        batched.BackwardBatch(inputs.AsSpan(0, half * batched.InputSize), targets.AsSpan(0, half * batched.OutputSize), split, first);
        batched.BackwardBatch(inputs.AsSpan(half * batched.InputSize), targets.AsSpan(half * batched.OutputSize), split, first + (ulong)half);
        Tolerance.AllClose(split, SampleData.ToDouble(gradients), Relative, Absolute, name + " split gradient");
    }

    [Theory]
    [MemberData(nameof(ConvCases.FloatNames), MemberType = typeof(ConvCases))]
    public void TrainSample_equals_Backward_then_an_Sgd_step_bit_for_bit(string name)
    {
        ConvCase convCase = ConvCases.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 3);
        double[] parameters = ConvCases.Parameters(convCase.Reference, random);
        INetwork<float> fused = convCase.CreateFloat(), separate = convCase.CreateFloat();
        foreach (INetwork<float> network in new[] { fused, separate })
        {
            SampleData.ToFloat(parameters).CopyTo(network.Parameters);
            SetDropout(network, 3, 0);
        }

        var sgd = new Sgd<float>(0.05);
        for (int step = 0; step < 3; step++)
        {
            float[] input = SampleData.ToFloat(ConvCases.Input(fused.InputSize, random));
            float[] target = SampleData.ToFloat(ConvCases.Target(convCase.Reference, random));
            float fusedLoss = fused.TrainSample(input, target, 0.05f);
            separate.ZeroGradients();
            float loss = separate.Backward(input, target);
            sgd.Step(separate.Parameters, separate.Gradients, 1f);
            Assert.Equal(loss, fusedLoss);
            Assert.True(fused.Parameters.SequenceEqual(separate.Parameters), name + ": the parameters differ after step " + step);
        }
    }

    /// <summary>Sets the dropout generator of a network that has one (a network without dropout has no such members).</summary>
    internal static void SetDropout(object network, ulong seed, ulong position)
    {
        if (network.GetType().GetProperty("DropoutSeed") is { } seedProperty)
        {
            seedProperty.SetValue(network, seed);
            network.GetType().GetProperty("DropoutPosition")!.SetValue(network, position);
        }
    }

    internal static ulong DropoutPosition(object network) =>
        network.GetType().GetProperty("DropoutPosition") is { } property ? (ulong)property.GetValue(network)! : 0;
}
