using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// A NaN input must come out as NaN (as in PyTorch, where relu(nan) is nan): the trainer recognises bad data only by a
/// non-finite loss, so a layer that quietly turns NaN into a number hides it.
/// </summary>
public sealed class NonFiniteInputTests
{
    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void A_NaN_input_makes_every_output_and_the_loss_NaN(string name)
    {
        // Fails today for every network with a ReLU layer: ReLU is emitted as `z > 0 ? z : 0`, and NaN > 0 is false.
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 2);
        INetwork<float> network = SampleData.CreateWith(networkCase, SampleData.Parameters(networkCase.Reference, random));
        float[] input = SampleData.ToFloat(SampleData.Input(network.InputSize, random));
        input[^1] = float.NaN;
        float[] target = SampleData.ToFloat(SampleData.Target(networkCase.Reference, random, hard: true));

        var output = new float[network.OutputSize];
        network.Forward(input, output);
        Assert.All(output, y => Assert.True(float.IsNaN(y), $"Output {y} is not NaN."));
        Assert.True(float.IsNaN(network.Backward(input, target)), "Backward's loss is not NaN.");
    }

    [Fact]
    public void Finite_inputs_far_outside_the_usual_range_give_finite_outputs_and_gradients()
    {
        // Saturating activations (and the log-sum-exp cross-entropy) must not turn large but finite values into NaN.
        foreach (NetworkCase networkCase in TestNetworks.Cases.Where(c => c.Reference.InputSize <= 20))
        {
            var random = new Random(SampleData.StableSeed(networkCase.Name) + 3);
            INetwork<float> network = SampleData.CreateWith(networkCase, SampleData.Parameters(networkCase.Reference, random));
            float[] input = SampleData.ToFloat(SampleData.Input(network.InputSize, random)).Select(v => v * 60).ToArray();
            float[] target = SampleData.ToFloat(SampleData.Target(networkCase.Reference, random, hard: true));

            var output = new float[network.OutputSize];
            network.Forward(input, output);
            network.ZeroGradients();
            float loss = network.Backward(input, target);
            Assert.True(output.All(float.IsFinite), $"{networkCase.Name}: output {string.Join(", ", output)}");
            Assert.True(float.IsFinite(loss), $"{networkCase.Name}: loss {loss}");
            Assert.True(network.Gradients.ToArray().All(float.IsFinite), $"{networkCase.Name}: a gradient is not finite.");
        }
    }
}
