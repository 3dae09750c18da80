using System;

namespace CompiledNet;

/// <summary>
/// Anneals the rate from base to <see cref="MinRate"/> along half a cosine over <see cref="TotalEpochs"/> epochs:
/// min + (base − min)·(1 + cos(π·epoch / totalEpochs)) / 2, as PyTorch's <c>CosineAnnealingLR</c> with
/// T_max = totalEpochs. From epoch totalEpochs on the rate stays at the minimum (PyTorch would climb back up).
/// </summary>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalEpochs">The epochs over which the rate falls to the minimum; at least 1.</param>
    /// <param name="minRate">The rate at the end; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public CosineAnnealing(int totalEpochs, double minRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 1);
        TotalEpochs = totalEpochs;
        MinRate = Hyperparameter.NonNegative(minRate, nameof(minRate));
    }

    /// <summary>The epochs over which the rate falls to the minimum.</summary>
    public int TotalEpochs { get; }

    /// <summary>The rate at the end of the annealing.</summary>
    public double MinRate { get; }

    /// <inheritdoc />
    public double LearningRate(double baseRate, int epoch, long step)
    {
        ScheduleArguments.Check(baseRate, epoch, step);
        int progress = Math.Min(epoch, TotalEpochs);
        return MinRate + (baseRate - MinRate) * (1 + Math.Cos(Math.PI * progress / TotalEpochs)) / 2;
    }
}
