using System;
using System.Buffers;
using System.Numerics;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>Measures a network on a data set without touching its parameters or gradients.</summary>
public static class Evaluator
{
    // PyTorch's BCELoss clamps each log at -100 so a saturated output gives a large finite loss, not infinity.
    private const double LogFloor = -100;

    // Rows per ForwardBatch call: enough for the matrix kernels, few enough that the outputs stay in cache.
    private const int ChunkRows = 256;

    /// <summary>The mean loss (the one the network trains on), accuracy, MSE and MAE of <paramref name="network"/> over <paramref name="data"/>.</summary>
    /// <remarks>
    /// The outputs come from <see cref="INetwork{T}.ForwardBatch"/>, a chunk of rows at a time. Cross-entropy here is
    /// computed from the softmax probabilities it returns, with each log clamped at -100 as PyTorch clamps BCELoss;
    /// training computes it from the logits, so the two differ only where a probability underflows. Allocates nothing
    /// but the result once the shared array pool is warm.
    /// </remarks>
    public static Evaluation Evaluate<T>(INetwork<T> network, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        Guard.Length(data.InputSize, network.InputSize, "data.InputSize");
        Guard.Length(data.TargetSize, network.OutputSize, "data.TargetSize");
        Loss loss = network.Architecture.Loss;
        int inputSize = data.InputSize, outputSize = data.TargetSize;
        int chunkRows = Math.Min(data.Count, ChunkRows);
        T[] chunk = ArrayPool<T>.Shared.Rent(chunkRows * outputSize);
        double lossSum = 0, squaredSum = 0, absoluteSum = 0;
        int correct = 0;
        try
        {
            ReadOnlySpan<T> inputs = data.Inputs.Span, targets = data.Targets.Span;
            for (int first = 0; first < data.Count; first += chunkRows)
            {
                int rows = Math.Min(chunkRows, data.Count - first);
                Span<T> outputs = chunk.AsSpan(0, rows * outputSize);
                network.ForwardBatch(inputs.Slice(first * inputSize, rows * inputSize), outputs);
                for (int row = 0; row < rows; row++)
                {
                    ReadOnlySpan<T> output = outputs.Slice(row * outputSize, outputSize);
                    ReadOnlySpan<T> target = targets.Slice((first + row) * outputSize, outputSize);
                    lossSum += SampleLoss<T>(loss, output, target);
                    for (int k = 0; k < outputSize; k++)
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
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(chunk);
        }

        double values = (double)data.Count * outputSize;
        return new Evaluation(data.Count, lossSum / data.Count, (double)correct / data.Count, squaredSum / values, absoluteSum / values);
    }

    /// <summary>
    /// The class <paramref name="network"/> predicts for each row of <paramref name="inputs"/> (stored row after row,
    /// <see cref="INetwork{T}.InputSize"/> values each), through <see cref="INetwork{T}.ForwardBatch"/>: the largest
    /// output's index, or for a single output 1 when it is at least 0.5, else 0. Allocates nothing once the shared
    /// array pool is warm.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="inputs"/> does not hold whole rows, or <paramref name="classes"/> does not hold one entry for each.
    /// </exception>
    public static void PredictClasses<T>(INetwork<T> network, ReadOnlySpan<T> inputs, Span<int> classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int count = Guard.ForwardRows(inputs.Length, inputSize, classes.Length, 1, nameof(classes));
        int chunkRows = Math.Min(count, ChunkRows);
        T[] chunk = ArrayPool<T>.Shared.Rent(chunkRows * outputSize);
        try
        {
            T half = T.CreateTruncating(0.5);
            for (int first = 0; first < count; first += chunkRows)
            {
                int rows = Math.Min(chunkRows, count - first);
                Span<T> outputs = chunk.AsSpan(0, rows * outputSize);
                network.ForwardBatch(inputs.Slice(first * inputSize, rows * inputSize), outputs);
                for (int row = 0; row < rows; row++)
                {
                    ReadOnlySpan<T> output = outputs.Slice(row * outputSize, outputSize);
                    classes[first + row] = outputSize == 1 ? (output[0] >= half ? 1 : 0) : ArgMax(output);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(chunk);
        }
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
