using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;

namespace CompiledNet.Tests.Training;

/// <summary>The smallest network that learns XOR: two inputs, four tanh neurons, one sigmoid output, MSE.</summary>
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNetwork;

/// <summary>Linear regression, 3 → 2: unbounded, so a too-large learning rate makes it overflow.</summary>
[Input(3)]
[Dense(2)]
public partial class LinearRegressionNetwork;

/// <summary>An MNIST-sized classifier: 784 → 256 ReLU → 10 softmax, cross-entropy. Both layers are loops.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(784)]
[Dense(256, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitNetwork;

/// <summary>Data and reference twins for the training tests.</summary>
internal static class TrainingData
{
    public static readonly float[][] XorInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    public static readonly float[][] XorTargets = [[0], [1], [1], [0]];

    public static ReferenceNetwork XorReference { get; } =
        new(2, Loss.MeanSquaredError, new ReferenceLayer(4, Activation.Tanh), new ReferenceLayer(1, Activation.Sigmoid));

    public static ReferenceNetwork DigitReference { get; } =
        new(784, Loss.CrossEntropy, new ReferenceLayer(256, Activation.ReLU), new ReferenceLayer(10, Activation.Softmax));

    /// <summary>
    /// Measures the trained network afresh (not from a training history): every XOR row must round to its target and
    /// the mean squared error must be below 0.01.
    /// </summary>
    public static void AssertLearnedXor(INetwork<float> network)
    {
        var output = new float[1];
        double squaredError = 0;
        for (int i = 0; i < XorInputs.Length; i++)
        {
            network.Forward(XorInputs[i], output);
            squaredError += Math.Pow(output[0] - XorTargets[i][0], 2);
            Assert.Equal(XorTargets[i][0], MathF.Round(output[0]));
        }

        Assert.True(squaredError / XorInputs.Length < 0.01, $"Mean squared error {squaredError / XorInputs.Length} is not below 0.01.");
    }

    /// <summary><paramref name="count"/> rows of <paramref name="width"/> values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static float[][] Rows(Random random, int count, int width, double low = -1, double high = 1) =>
        Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, width).Select(_ => (float)(low + (high - low) * random.NextDouble())).ToArray())
            .ToArray();

    public static float[][] OneHot(Random random, int count, int classes) =>
        Enumerable.Range(0, count)
            .Select(_ =>
            {
                var row = new float[classes];
                row[random.Next(classes)] = 1;
                return row;
            })
            .ToArray();
}
