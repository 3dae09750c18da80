using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>
/// Per-sample runs over many rows: <see cref="INetwork{T}.Forward"/> row after row (the default of
/// <see cref="INetwork{T}.ForwardBatch"/>), and SGD through <see cref="INetwork{T}.TrainSample"/> (the default of
/// <see cref="INetwork{T}.TrainSamples"/>, and what networks too large to keep their weights in locals generate); and a
/// baked network's PredictBatch, scaling rows before <see cref="INetwork{T}.ForwardBatch"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SampleRuns
{
    // Rows scaled per ForwardBatch call in ScaledForwardBatch: a whole ForwardBatch chunk, and little scratch.
    private const int ScaledChunkRows = 64;

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

    /// <summary>
    /// A baked network's PredictBatch: each row of raw <paramref name="features"/> scaled by <paramref name="scaler"/>
    /// (as Predict scales one), then <see cref="INetwork{T}.ForwardBatch"/>, a chunk of rows at a time through pooled
    /// scratch. Allocates nothing once the shared array pool is warm.
    /// </summary>
    public static void ScaledForwardBatch<T>(INetwork<T> network, FeatureScaler<T> scaler, ReadOnlySpan<T> features, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int rows = Guard.ForwardRows(features.Length, inputSize, outputs.Length, outputSize, inputName: nameof(features));
        if (rows == 0)
        {
            return;
        }

        int chunkRows = Math.Min(rows, ScaledChunkRows);
        T[] scaled = ArrayPool<T>.Shared.Rent(chunkRows * inputSize);
        try
        {
            for (int first = 0; first < rows; first += chunkRows)
            {
                int count = Math.Min(chunkRows, rows - first);
                Span<T> chunk = scaled.AsSpan(0, count * inputSize);
                scaler.TransformRows(features.Slice(first * inputSize, count * inputSize), chunk);
                network.ForwardBatch(chunk, outputs.Slice(first * outputSize, count * outputSize));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scaled);
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
