using System;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>
/// Per-sample SGD over many rows through <see cref="INetwork{T}.TrainSample"/>: the default of
/// <see cref="INetwork{T}.TrainSamples"/>, and what networks too large to keep their weights in locals generate.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SampleRuns
{
    /// <summary>One TrainSample step per entry of <paramref name="order"/>; see <see cref="INetwork{T}.TrainSamples"/>.</summary>
    public static T TrainEach<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> order, T learningRate, out int trained)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int rows = Guard.BatchRows(inputs.Length, inputSize, targets.Length, outputSize);
        Guard.Rows(order, rows);
        T total = T.Zero;
        int step = 0;
        for (; step < order.Length; step++)
        {
            int row = order[step];
            T loss = network.TrainSample(inputs.Slice(row * inputSize, inputSize), targets.Slice(row * outputSize, outputSize), learningRate);
            if (!T.IsFinite(loss))
            {
                total = T.NaN;
                break;
            }

            total += loss;
        }

        trained = step;
        return total;
    }
}
