using System;
using System.Numerics;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>Measures a network on a data set without touching its parameters or gradients.</summary>
public static class Evaluator
{
    // PyTorch's BCELoss clamps each log at -100 so a saturated output gives a large finite loss, not infinity.
    private const double LogFloor = -100;

    /// <summary>The mean loss (the one the network trains on), accuracy, MSE and MAE of <paramref name="network"/> over <paramref name="data"/>.</summary>
    /// <remarks>
    /// Cross-entropy here is computed from the softmax probabilities Forward returns, with each log clamped at -100
    /// as PyTorch clamps BCELoss; training computes it from the logits, so the two differ only where a probability
    /// underflows.
    /// </remarks>
    public static Evaluation Evaluate<T>(INetwork<T> network, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        Guard.Length(data.InputSize, network.InputSize, "data.InputSize");
        Guard.Length(data.TargetSize, network.OutputSize, "data.TargetSize");
        Loss loss = network.Architecture.Loss;
        var output = new T[network.OutputSize];
        double lossSum = 0, squaredSum = 0, absoluteSum = 0;
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<T> target = data.Target(i);
            network.Forward(data.Input(i), output);
            lossSum += SampleLoss<T>(loss, output, target);
            for (int k = 0; k < output.Length; k++)
            {
                // Subtract in double, as SampleLoss does, so MSE equals the MSE loss to the last digit.
                double error = double.CreateTruncating(output[k]) - double.CreateTruncating(target[k]);
                squaredSum += error * error;
                absoluteSum += Math.Abs(error);
            }

            if (IsCorrect<T>(output, target))
            {
                correct++;
            }
        }

        double values = (double)data.Count * output.Length;
        return new Evaluation(data.Count, lossSum / data.Count, (double)correct / data.Count, squaredSum / values, absoluteSum / values);
    }

    /// <summary>The index of the largest value: the predicted class of a classifier's output.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static bool IsCorrect<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length == 1)
        {
            T half = T.CreateTruncating(0.5);
            return (output[0] >= half) == (target[0] >= half);
        }

        return ArgMax(output) == ArgMax(target);
    }

    private static double SampleLoss<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int k = 0; k < output.Length; k++)
        {
            double y = double.CreateTruncating(output[k]);
            double t = double.CreateTruncating(target[k]);
            sum += loss switch
            {
                Loss.CrossEntropy => t == 0 ? 0 : -t * ClampedLog(y),
                Loss.BinaryCrossEntropy => -((t * ClampedLog(y)) + ((1 - t) * ClampedLog(1 - y))),
                _ => (y - t) * (y - t),
            };
        }

        return loss == Loss.CrossEntropy ? sum : sum / output.Length;
    }

    private static double ClampedLog(double value) => Math.Max(Math.Log(value), LogFloor);
}
