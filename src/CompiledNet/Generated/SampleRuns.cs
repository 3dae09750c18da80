using System;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>
/// Per-sample runs over many rows: <see cref="INetwork{T}.Forward"/> row after row (the default of
/// <see cref="INetwork{T}.ForwardBatch"/>), and SGD through <see cref="INetwork{T}.TrainSample"/> (the default of
/// <see cref="INetwork{T}.TrainSamples"/>, and what networks too large to keep their weights in locals generate).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SampleRuns
{
    /// <summary>Forward on each row in turn: the default of <see cref="INetwork{T}.ForwardBatch"/> for a network that has no batched path.</summary>
    public static void ForwardEach<T>(INetwork<T> network, ReadOnlySpan<T> inputs, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int rows = Guard.ForwardRows(inputs.Length, inputSize, outputs.Length, outputSize);
        for (int row = 0; row < rows; row++)
        {
            network.Forward(inputs.Slice(row * inputSize, inputSize), outputs.Slice(row * outputSize, outputSize));
        }
    }

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
