using System;

namespace CompiledNet;

/// <summary>
/// Multiplies the rate by γ every <see cref="StepEpochs"/> epochs: base·γ^⌊epoch / stepEpochs⌋, as PyTorch's
/// <c>StepLR</c>.
/// </summary>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepEpochs">Epochs between decays; at least 1.</param>
    /// <param name="gamma">The factor applied at each decay; positive and finite (below 1 to decay).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public StepDecay(int stepEpochs, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepEpochs, 1);
        StepEpochs = stepEpochs;
        Gamma = Hyperparameter.Positive(gamma, nameof(gamma));
    }

    /// <summary>Epochs between decays.</summary>
    public int StepEpochs { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public double LearningRate(double baseRate, int epoch, long step)
    {
        ScheduleArguments.Check(baseRate, epoch, step);
        return baseRate * Math.Pow(Gamma, epoch / StepEpochs);
    }
}
