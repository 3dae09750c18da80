using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;
using static CompiledNet.Tests.Training.TrainingData;

namespace CompiledNet.Tests.Training;

/// <summary>A 784-256-10 classifier (about 200,000 parameters): one SGD step against the double reference.</summary>
public sealed class LargeNetworkStepTests
{
    private const int BatchSize = 4;
    private const float LearningRate = 0.05f;

    // Same float-vs-double bounds as the small networks: the 784-term dot products sum non-negative pixels times
    // weights of either sign, yet the worst gradient error observed is 4.5e-7, over 20x inside the bound.
    private const double Relative = BackwardMatchesReferenceTests.Relative;
    private const double Absolute = BackwardMatchesReferenceTests.Absolute;

    [Fact]
    public void The_network_has_the_documented_size()
    {
        Assert.Equal(784, DigitNetwork.InputSize);
        Assert.Equal(10, DigitNetwork.OutputSize);
        Assert.Equal((784 + 1) * 256 + (256 + 1) * 10, DigitNetwork.ParameterCount);
        Assert.Equal(DigitReference.ParameterCount, new DigitNetwork().Parameters.Length);
    }

    [Fact]
    public void One_sgd_step_matches_the_reference_gradients_and_update()
    {
        var random = new Random(784);
        float[][] inputs = Rows(random, BatchSize, 784, 0, 1); // pixel-like intensities
        float[][] targets = OneHot(random, BatchSize, 10);
        var network = new DigitNetwork(seed: 11);
        double[] initial = SampleData.ToDouble(network.Parameters);

        // The batch's summed gradient, from Backward and from the reference.
        var expectedGradient = new double[initial.Length];
        double expectedLoss = 0;
        network.ZeroGradients();
        for (int s = 0; s < BatchSize; s++)
        {
            network.Backward(inputs[s], targets[s]);
            double[] input = inputs[s].Select(v => (double)v).ToArray(), target = targets[s].Select(v => (double)v).ToArray();
            double[] g = DigitReference.Gradient(initial, input, target, out double loss);
            expectedLoss += loss / BatchSize;
            for (int i = 0; i < g.Length; i++)
            {
                expectedGradient[i] += g[i];
            }
        }

        Tolerance.AllClose(network.Gradients, expectedGradient, Relative, BatchSize * Absolute, "summed gradient");

        // One step of Trainer.Train on the same batch: p - η·(Σg)/4.
        var trained = new DigitNetwork(seed: 11);
        TrainingHistory<float> history = Trainer.Train(trained, inputs, targets, new Sgd<float>(LearningRate), new TrainingOptions { BatchSize = BatchSize, Shuffle = false });
        double[] expected = initial.Select((p, i) => p - LearningRate * expectedGradient[i] / BatchSize).ToArray();
        Tolerance.AllClose(trained.Parameters, expected, Relative, Absolute, "updated parameters");
        Tolerance.Close(history.FinalLoss, expectedLoss, Relative, Absolute, "batch loss");

        // The update is large enough in places for the comparison to show it was applied.
        double largestMove = expected.Zip(initial, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largestMove > 100 * Absolute, $"The largest parameter change {largestMove:E2} is too small to check.");
    }
}
