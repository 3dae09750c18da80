using System;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// Checks the reference itself before anything is compared with it: its back-propagated gradient must equal central
/// differences of its own loss, which involve no derivative formulas at all.
/// </summary>
public sealed class ReferenceNetworkTests
{
    // Central differences have truncation error ~h²·f''' ≈ 1e-10 and rounding error ~ε·L/h ≈ 1e-11 at h = 1e-5,
    // so a correct gradient agrees to ~1e-9; a wrong derivative term is off by orders of magnitude more.
    private const double Step = 1e-5;
    private const double Relative = 1e-6;
    private const double Absolute = 1e-8;

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Gradient_matches_central_differences_of_the_loss(string name)
    {
        ReferenceNetwork reference = TestNetworks.Get(name).Reference;
        var random = new Random(SampleData.StableSeed(name));
        double[] parameters = SampleData.Parameters(reference, random);
        foreach (Sample sample in SampleData.Samples(reference, parameters, random, count: 2))
        {
            double[] gradient = reference.Gradient(parameters, sample.Input, sample.Target, out double loss);
            Assert.Equal(reference.LossOf(parameters, sample.Input, sample.Target), loss);
            double[] numeric = CentralDifferences(p => reference.LossOf(p, sample.Input, sample.Target), parameters);
            Tolerance.AllClose(gradient, numeric, Relative, Absolute, name + " gradient");
        }
    }

    [Fact]
    public void Gradient_of_a_784_256_10_network_matches_central_differences_on_a_subset()
    {
        // Too many parameters to difference them all; a spread of weights and biases from both layers suffices.
        ReferenceNetwork reference = new(784, Loss.CrossEntropy, new ReferenceLayer(256, Activation.ReLU), new ReferenceLayer(10, Activation.Softmax));
        var random = new Random(784);
        double[] parameters = SampleData.Parameters(reference, random);
        Sample sample = SampleData.Samples(reference, parameters, random, count: 1)[0];
        double[] gradient = reference.Gradient(parameters, sample.Input, sample.Target, out _);
        int[] checkedIndices = [0, 783, 784 * 100 + 5, 784 * 255 + 783, reference.BiasOffset(0), reference.BiasOffset(0) + 255, reference.WeightOffset(1), reference.WeightOffset(1) + 1234, reference.BiasOffset(1) + 9];
        foreach (int i in checkedIndices)
        {
            double numeric = CentralDifference(p => reference.LossOf(p, sample.Input, sample.Target), parameters, i);
            Tolerance.Close(gradient[i], numeric, Relative, Absolute, $"gradient[{i}]");
        }
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_is_y_minus_t_when_targets_sum_to_one()
    {
        // The reference differentiates -Σ t ln y through the full softmax Jacobian; for a single softmax layer
        // that must reduce to the textbook dLoss/dz = y - t, so dLoss/db is y - t.
        ReferenceNetwork reference = new(2, Loss.CrossEntropy, new ReferenceLayer(3, Activation.Softmax));
        double[] parameters = [0.3, -0.2, 0.5, 0.1, -0.7, 0.4, 0.05, -0.1, 0.2];
        double[] input = [0.8, -1.1];
        double[] target = [0.2, 0.5, 0.3];
        double[] gradient = reference.Gradient(parameters, input, target, out _);
        double[] y = reference.Forward(parameters, input);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(y[k] - target[k], gradient[reference.BiasOffset(0) + k], 1e-12);
        }
    }

    internal static double[] CentralDifferences(Func<double[], double> loss, double[] parameters)
    {
        var numeric = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            numeric[i] = CentralDifference(loss, parameters, i);
        }

        return numeric;
    }

    private static double CentralDifference(Func<double[], double> loss, double[] parameters, int index)
    {
        double original = parameters[index];
        parameters[index] = original + Step;
        double plus = loss(parameters);
        parameters[index] = original - Step;
        double minus = loss(parameters);
        parameters[index] = original;
        return (plus - minus) / (2 * Step);
    }
}
