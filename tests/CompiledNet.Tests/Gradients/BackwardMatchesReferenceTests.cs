using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// The generated Forward and Backward (float) against the double-precision reference, for every activation, every
/// loss it pairs with, unrolled and looped layers, on random parameters and samples.
/// </summary>
public sealed class BackwardMatchesReferenceTests
{
    // Float vs double. A float operation rounds with relative error ≤ 6e-8; each compared value comes out of a few
    // dozen operations on O(1) numbers (dot products over up to 257 terms, up to three layers, Exp/Tanh), so errors
    // of ~1e-6 are expected in the worst elements; at most 6e-7·max(1, |expected|) was observed on these networks.
    // The bound 1e-5 + 1e-5·|expected| leaves over 15x headroom for other platforms' MathF and vector widths (a
    // different summation order in Kernels.Dot), yet is far below what a wrong derivative, slope, index or missing
    // term produces (see Tolerance_is_tight_enough_to_notice_a_slightly_wrong_slope). Pure relative tolerance would
    // be wrong: gradients that cancel to ~0 carry the absolute rounding of their O(1) terms.
    internal const double Relative = 1e-5;
    internal const double Absolute = 1e-5;

    private const int ParameterSets = 3;
    private const int SamplesPerSet = 5;

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Forward_outputs_match_the_reference(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        foreach ((double[] parameters, List<Sample> samples) in Draw(networkCase))
        {
            INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
            var output = new float[network.OutputSize];
            foreach (Sample sample in samples)
            {
                network.Forward(SampleData.ToFloat(sample.Input), output);
                Tolerance.AllClose(output, networkCase.Reference.Forward(parameters, sample.Input), Relative, Absolute, name + " output");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Backward_gradients_and_loss_match_the_reference(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        foreach ((double[] parameters, List<Sample> samples) in Draw(networkCase))
        {
            INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
            foreach (Sample sample in samples)
            {
                network.ZeroGradients();
                float loss = network.Backward(SampleData.ToFloat(sample.Input), SampleData.ToFloat(sample.Target));
                double[] expected = networkCase.Reference.Gradient(parameters, sample.Input, sample.Target, out double expectedLoss);
                Tolerance.Close(loss, expectedLoss, Relative, Absolute, name + " loss");
                Tolerance.AllClose(network.Gradients, expected, Relative, Absolute, name + " gradient");
            }

            // Backward leaves the parameters alone.
            Assert.Equal(SampleData.ToFloat(parameters), network.Parameters.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Backward_over_a_batch_sums_the_reference_gradients(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        (double[] parameters, List<Sample> samples) = Draw(networkCase).First();
        INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
        network.ZeroGradients();
        var expected = new double[network.ParameterCount];
        foreach (Sample sample in samples)
        {
            network.Backward(SampleData.ToFloat(sample.Input), SampleData.ToFloat(sample.Target));
            double[] gradient = networkCase.Reference.Gradient(parameters, sample.Input, sample.Target, out _);
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] += gradient[i];
            }
        }

        // A sum of five samples carries up to five samples' rounding.
        Tolerance.AllClose(network.Gradients, expected, Relative, SamplesPerSet * Absolute, name + " summed gradient");
    }

    [Theory]
    [MemberData(nameof(KinkedNetworkNames))]
    public void Samples_reach_both_sides_of_every_kinked_activation(string name)
    {
        // Guards the tests above against vacuity: the negative branch of ReLU, LeakyReLU and ELU must be exercised.
        NetworkCase networkCase = TestNetworks.Get(name);
        ReferenceNetwork reference = networkCase.Reference;
        for (int l = 0; l < reference.Layers.Count; l++)
        {
            if (!ReferenceNetwork.HasKink(reference.Layers[l].Activation))
            {
                continue;
            }

            double[] z = Draw(networkCase)
                .SelectMany(set => set.Samples.SelectMany(s => reference.Run(set.Parameters, s.Input).PreActivations[l]))
                .ToArray();
            Assert.Contains(z, v => v < 0);
            Assert.Contains(z, v => v > 0);
        }
    }

    [Fact]
    public void Tolerance_is_tight_enough_to_notice_a_slightly_wrong_slope()
    {
        // The generated network uses slope 0.3; a reference with 0.31 must be told apart by the same comparison,
        // or the agreement above would prove little.
        NetworkCase networkCase = TestNetworks.Get(nameof(HiddenSteepLeakyReluNet));
        var wrong = new ReferenceNetwork(4, Loss.MeanSquaredError, new ReferenceLayer(6, Activation.LeakyReLU, NegativeSlope: 0.31f), new ReferenceLayer(3, Activation.Linear));
        double worst = 0;
        foreach ((double[] parameters, List<Sample> samples) in Draw(networkCase))
        {
            INetwork<float> network = SampleData.CreateWith(networkCase, parameters);
            foreach (Sample sample in samples)
            {
                network.ZeroGradients();
                network.Backward(SampleData.ToFloat(sample.Input), SampleData.ToFloat(sample.Target));
                double[] expected = wrong.Gradient(parameters, sample.Input, sample.Target, out _);
                worst = Math.Max(worst, Tolerance.WorstRatio(network.Gradients, expected, Relative, Absolute, out _));
            }
        }

        Assert.True(worst > 10, $"A 3% slope error stayed within {worst:F2}x the tolerance.");
    }

    public static TheoryData<string> KinkedNetworkNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (NetworkCase c in TestNetworks.Cases.Where(c => c.Reference.Layers.Any(l => ReferenceNetwork.HasKink(l.Activation))))
            {
                data.Add(c.Name);
            }

            return data;
        }
    }

    /// <summary>Seeded per network, so every run of a theory row sees the same parameters and samples.</summary>
    private static IEnumerable<(double[] Parameters, List<Sample> Samples)> Draw(NetworkCase networkCase)
    {
        var random = new Random(SampleData.StableSeed(networkCase.Name) ^ 0x5EED);
        for (int set = 0; set < ParameterSets; set++)
        {
            double[] parameters = SampleData.Parameters(networkCase.Reference, random);
            yield return (parameters, SampleData.Samples(networkCase.Reference, parameters, random, SamplesPerSet));
        }
    }
}
