using System;

namespace CompiledNet;

/// <summary>
/// Ramps the rate up linearly over the first <see cref="WarmupSteps"/> optimizer steps, base·(step + 1) / warmupSteps,
/// so the last warm-up step runs at the full base rate; afterwards defers to another schedule, or holds the base rate.
/// </summary>
public sealed class LinearWarmup : ILearningRateSchedule
{
    private readonly ILearningRateSchedule? _after;

    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">The steps of the ramp; at least 1.</param>
    /// <param name="after">
    /// The schedule from step <paramref name="warmupSteps"/> on, given the same base rate, epoch and step
    /// (not shifted by the warm-up); null to hold the base rate.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is below 1.</exception>
    public LinearWarmup(long warmupSteps, ILearningRateSchedule? after = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupSteps, 1);
        WarmupSteps = warmupSteps;
        _after = after;
    }

    /// <summary>The steps of the ramp.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc />
    public double LearningRate(double baseRate, int epoch, long step)
    {
        ScheduleArguments.Check(baseRate, epoch, step);
        if (step < WarmupSteps)
        {
            return baseRate * (step + 1) / WarmupSteps;
        }

        return _after?.LearningRate(baseRate, epoch, step) ?? baseRate;
    }
}
