using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>The gradient-descent loop: epochs of (optionally shuffled) mini-batches, gradients averaged over each batch.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on the pairs (<paramref name="inputs"/>[i], <paramref name="targets"/>[i]).
    /// Every row is checked before the first step; a step allocates nothing.
    /// </summary>
    /// <returns>The mean training loss of each epoch.</returns>
    /// <exception cref="ArgumentException">The data set is empty, the counts differ, or a row has the wrong length.</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss was NaN or infinite; the weights from before it are kept.</exception>
    public static TrainingHistory<T> Train<TNetwork, T>(TNetwork network, T[][] inputs, T[][] targets, IOptimizer<T> optimizer, TrainingOptions options)
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        DataSetCheck.Rows(inputs, network.InputSize, nameof(inputs));
        DataSetCheck.Rows(targets, network.OutputSize, nameof(targets));
        DataSetCheck.SameCount(inputs.Length, targets.Length);

        int sampleCount = inputs.Length;
        int[] order = new int[sampleCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new SeededRandom(options.Seed);
        var epochLosses = new T[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.Shuffle)
            {
                random.Shuffle(order.AsSpan());
            }

            T epochLoss = T.Zero;
            int batchNumber = 0;
            for (int start = 0; start < sampleCount; start += options.BatchSize)
            {
                int end = Math.Min(start + options.BatchSize, sampleCount);
                batchNumber++;
                network.ZeroGradients();
                T batchLoss = T.Zero;
                for (int i = start; i < end; i++)
                {
                    int sample = order[i];
                    batchLoss += network.Backward(inputs[sample], targets[sample]);
                }

                if (!T.IsFinite(batchLoss))
                {
                    throw new TrainingDivergedException(epoch + 1, batchNumber, double.CreateTruncating(batchLoss));
                }

                optimizer.Step(network.Parameters, network.Gradients, T.One / T.CreateTruncating(end - start));
                epochLoss += batchLoss;
            }

            epochLosses[epoch] = epochLoss / T.CreateTruncating(sampleCount);
        }

        return new TrainingHistory<T>(epochLosses);
    }
}
