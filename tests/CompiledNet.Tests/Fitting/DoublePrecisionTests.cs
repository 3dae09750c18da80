using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Fitting;

// Mixed hidden activations in double. The 24 → 12 layer has 288 weights, above the unroll threshold, so it loops;
// the others are unrolled.

/// <summary>Softmax output, cross-entropy.</summary>
[Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(24, Activation.Tanh)]
[Dense(12, Activation.ELU, Alpha = 0.7f)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.GELU)]
[Dense(3, Activation.Softmax)]
public partial class FitMixedSoftmaxNet;

/// <summary>Two sigmoid outputs, binary cross-entropy.</summary>
[Network(Loss = Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(24, Activation.Tanh)]
[Dense(12, Activation.ELU, Alpha = 0.7f)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.GELU)]
[Dense(2, Activation.Sigmoid)]
public partial class FitMixedSigmoidNet;

/// <summary>Two linear outputs, mean squared error.</summary>
[Network(Precision = Precision.Double)]
[Input(3)]
[Dense(24, Activation.Tanh)]
[Dense(12, Activation.ELU, Alpha = 0.7f)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.GELU)]
[Dense(2)]
public partial class FitMixedLinearNet;

/// <summary>Double-precision networks: Backward against finite differences of its own loss, and training through Fit.</summary>
public sealed class DoublePrecisionTests(ITestOutputHelper output)
{
    private const double Step = 1e-5;

    public static TheoryData<string> Networks => new() { "softmax", "sigmoid", "linear" };

    private static INetwork<double> Create(string kind, int seed) =>
        kind switch
        {
            "softmax" => new FitMixedSoftmaxNet(seed),
            "sigmoid" => new FitMixedSigmoidNet(seed),
            _ => new FitMixedLinearNet(seed),
        };

    /// <summary>Targets the loss is defined for: a probability vector, values in [0, 1], or any values.</summary>
    private static double[] Target(string kind, ref SeededRandom random, int size)
    {
        var target = new double[size];
        for (int k = 0; k < size; k++)
        {
            target[k] = kind == "linear" ? (random.NextDouble() * 4) - 2 : random.NextDouble();
        }

        if (kind == "softmax")
        {
            double sum = target.Sum();
            for (int k = 0; k < size; k++)
            {
                target[k] /= sum;
            }
        }

        return target;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Backward_gradients_match_central_differences_of_the_loss(string kind)
    {
        INetwork<double> network = Create(kind, seed: 7);
        var random = new SeededRandom(81);

        // Biases start at zero; give them values so every term of every gradient is exercised.
        Span<double> parameters = network.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += 0.2 * ((random.NextDouble() * 2) - 1);
        }

        const int Samples = 4;
        double[][] inputs = Enumerable.Range(0, Samples).Select(_ => new[] { Uniform(ref random), Uniform(ref random), Uniform(ref random) }).ToArray();
        double[][] targets = new double[Samples][];
        for (int s = 0; s < Samples; s++)
        {
            targets[s] = Target(kind, ref random, network.OutputSize);
        }

        network.ZeroGradients();
        double loss = 0;
        for (int s = 0; s < Samples; s++)
        {
            loss += network.Backward(inputs[s], targets[s]);
        }

        double[] analytic = network.Gradients.ToArray();
        Assert.True(double.IsFinite(loss));

        double worst = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double original = network.Parameters[i];
            network.Parameters[i] = original + Step;
            double plus = Loss(network, inputs, targets);
            network.Parameters[i] = original - Step;
            double minus = Loss(network, inputs, targets);
            network.Parameters[i] = original;

            double numeric = (plus - minus) / (2 * Step);
            double scale = Math.Max(Math.Abs(analytic[i]), 1e-3);
            double error = Math.Abs(numeric - analytic[i]) / scale;
            worst = Math.Max(worst, error);
            Assert.True(error <= 1e-6, $"{kind}, parameter {i}: Backward gives {analytic[i]:R}, central differences {numeric:R}.");
        }

        output.WriteLine($"{kind}: {analytic.Length} parameters, worst relative difference {worst:G3}.");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Backward_returns_the_loss_computed_in_double(string kind)
    {
        INetwork<double> network = Create(kind, seed: 8);
        var random = new SeededRandom(82);
        double[] input = { Uniform(ref random), Uniform(ref random), Uniform(ref random) };
        double[] target = Target(kind, ref random, network.OutputSize);
        var y = new double[network.OutputSize];
        network.Forward(input, y);

        double expected = kind switch
        {
            "softmax" => -y.Zip(target, (p, t) => t * Math.Log(p)).Sum(),
            "sigmoid" => -y.Zip(target, (p, t) => (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p))).Average(),
            _ => y.Zip(target, (p, t) => (p - t) * (p - t)).Average(),
        };

        network.ZeroGradients();
        double actual = network.Backward(input, target);
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"Backward gives {actual:R}, the outputs give {expected:R}.");
    }

    [Fact]
    public void A_double_network_trains_through_fit_with_adam()
    {
        // The three blobs, with the product of the two coordinates as a third feature.
        DataSet<double> blobs = FitData.Blobs<double>(90, seed: 83);
        double[][] inputs = Enumerable.Range(0, blobs.Count).Select(i => new[] { blobs.Input(i)[0], blobs.Input(i)[1], blobs.Input(i)[0] * blobs.Input(i)[1] }).ToArray();
        double[][] targets = Enumerable.Range(0, blobs.Count).Select(i => blobs.Target(i).ToArray()).ToArray();
        DataSet<double> data = DataSet<double>.FromRows(inputs, targets);
        var network = new FitMixedSoftmaxNet(seed: 9);
        double initial = Evaluator.Evaluate(network, data).Loss;

        TrainingHistory<double> history = Trainer.Fit(
            network, data, new Adam<double>(0.01), new TrainingOptions { Epochs = 60, BatchSize = 10, Seed = 4, ValidationSplit = 0.2 });

        Evaluation result = Evaluator.Evaluate(network, data);
        Assert.True(result.Loss < initial / 10, $"Loss {result.Loss} from {initial}.");
        Assert.True(result.Accuracy >= 0.97, $"Accuracy {result.Accuracy}.");
        Assert.Equal(60, history.EpochLosses.Count);
        Assert.True(history.FinalLoss < history.EpochLosses[0]);
    }

    [Fact]
    public void A_double_regression_trains_through_fit_with_adam()
    {
        var random = new SeededRandom(84);
        var inputs = new double[120][];
        var targets = new double[120][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new[] { Uniform(ref random), Uniform(ref random), Uniform(ref random) };
            targets[i] = new[] { Math.Sin(inputs[i][0]) * inputs[i][1], Math.Cos(inputs[i][2]) };
        }

        DataSet<double> data = DataSet<double>.FromRows(inputs, targets);
        var network = new FitMixedLinearNet(seed: 10);
        double initial = Evaluator.Evaluate(network, data).Loss;

        Trainer.Fit(network, data, new Adam<double>(0.005), new TrainingOptions { Epochs = 80, BatchSize = 8, Seed = 5 });

        double final = Evaluator.Evaluate(network, data).Loss;
        Assert.True(final < initial / 20, $"Loss {final} from {initial}.");
    }

    private static double Loss(INetwork<double> network, double[][] inputs, double[][] targets)
    {
        double loss = 0;
        for (int s = 0; s < inputs.Length; s++)
        {
            loss += network.Backward(inputs[s], targets[s]);
        }

        return loss;
    }

    private static double Uniform(ref SeededRandom random) => (random.NextDouble() * 3) - 1.5;
}
