using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>Seeded weight initialisation: Glorot or He uniform per layer, zero biases, deterministic per seed.</summary>
public sealed class InitializationTests
{
    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Sizes_match_the_declared_layers(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        ReferenceNetwork reference = networkCase.Reference;
        INetwork<float> network = networkCase.Create(0);

        int expectedCount = 0, fanIn = reference.InputSize;
        foreach (ReferenceLayer layer in reference.Layers)
        {
            expectedCount += (fanIn + 1) * layer.Size;
            fanIn = layer.Size;
        }

        Assert.Equal(expectedCount, network.ParameterCount);
        Assert.Equal(expectedCount, network.Parameters.Length);
        Assert.Equal(expectedCount, network.Gradients.Length);
        Assert.Equal(reference.InputSize, network.InputSize);
        Assert.Equal(reference.OutputSize, network.OutputSize);
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void The_same_seed_gives_identical_parameters_and_different_seeds_differ(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        float[] first = networkCase.Create(42).Parameters.ToArray();
        Assert.Equal(first, networkCase.Create(42).Parameters.ToArray());
        Assert.NotEqual(first, networkCase.Create(43).Parameters.ToArray());
        Assert.NotEqual(first, networkCase.Create(-42).Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Biases_start_at_zero_and_weights_stay_within_the_layers_limit(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        ReferenceNetwork reference = networkCase.Reference;
        foreach (int seed in new[] { 0, 1, 12345 })
        {
            float[] parameters = networkCase.Create(seed).Parameters.ToArray();
            for (int l = 0; l < reference.Layers.Count; l++)
            {
                int outputs = reference.Layers[l].Size;
                Assert.All(parameters.AsSpan(reference.BiasOffset(l), outputs).ToArray(), b => Assert.Equal(0f, b));

                float[] weights = parameters[reference.WeightOffset(l)..reference.BiasOffset(l)];
                double limit = Limit(reference.Layers[l].Activation, reference.FanIn(l), outputs);

                // The weights are stored as float, so a draw just under the limit may round onto (float)limit.
                float bound = (float)limit;
                Assert.All(weights, w => Assert.InRange(Math.Abs(w), 0f, bound));

                // Enough uniform draws reach close to the limit: this tells Glorot from He where the two differ,
                // since a too-small limit could never produce them (0.95^200 ≈ 4e-5 chance of a false alarm).
                if (weights.Length >= 200)
                {
                    Assert.True(weights.Max(Math.Abs) >= 0.95 * limit, $"Layer {l + 1}: largest |w| {weights.Max(Math.Abs)} is far below the limit {limit}.");
                    Assert.Contains(weights, w => w < 0);
                    Assert.Contains(weights, w => w > 0);
                }
                else
                {
                    Assert.True(weights.Distinct().Count() == weights.Length, $"Layer {l + 1} repeats weights.");
                }
            }
        }
    }

    [Fact]
    public void He_and_Glorot_limits_are_told_apart_on_layers_where_they_differ()
    {
        // 20 → 16 ReLU: He √(6/20) ≈ 0.548, Glorot √(6/36) ≈ 0.408. 20 → 16 Tanh: the reverse must hold.
        float reluMax = new LoopReluNet(3).Parameters[..320].ToArray().Max(Math.Abs);
        float tanhMax = new LoopTanhNet(3).Parameters[..320].ToArray().Max(Math.Abs);
        Assert.InRange(reluMax, Math.Sqrt(6.0 / 36), Math.Sqrt(6.0 / 20));
        Assert.InRange(tanhMax, 0, Math.Sqrt(6.0 / 36));
    }

    [Fact]
    public void The_parameterless_constructor_uses_seed_zero()
    {
        Assert.Equal(new MixedNet(0).Parameters.ToArray(), new MixedNet().Parameters.ToArray());
        Assert.Equal(new LoopSoftmaxCrossEntropyNet(0).Parameters.ToArray(), new LoopSoftmaxCrossEntropyNet().Parameters.ToArray());
    }

    [Fact]
    public void InitializeParameters_resets_a_used_network_to_the_seeds_weights_and_zero_biases()
    {
        var unrolled = new MixedNet(1);
        unrolled.Parameters.Fill(7f);
        unrolled.InitializeParameters(5);
        Assert.Equal(new MixedNet(5).Parameters.ToArray(), unrolled.Parameters.ToArray());

        var looped = new DeepLoopNet(1);
        looped.Parameters.Fill(-3f);
        looped.InitializeParameters(9);
        Assert.Equal(new DeepLoopNet(9).Parameters.ToArray(), looped.Parameters.ToArray());
    }

    /// <summary>The documented limits: He uniform √(6/in) for the ReLU family, Glorot uniform √(6/(in+out)) otherwise.</summary>
    private static double Limit(Activation activation, int fanIn, int fanOut) => activation switch
    {
        Activation.ReLU or Activation.LeakyReLU or Activation.ELU or Activation.SiLU or Activation.GELU or Activation.Softplus
            => Math.Sqrt(6.0 / fanIn),
        Activation.Sigmoid or Activation.ApproximateSigmoid or Activation.Tanh or Activation.Linear or Activation.Softmax
            => Math.Sqrt(6.0 / (fanIn + fanOut)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };
}
