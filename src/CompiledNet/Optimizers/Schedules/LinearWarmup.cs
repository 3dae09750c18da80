using System;

namespace CompiledNet;

/// <summary>
/// Ramps the rate up linearly over the first <see cref="WarmupSteps"/> optimizer steps, base·(step + 1) / warmupSteps,
/// so the last warm-up step runs at the full base rate; afterwards hands over to another schedule, which starts at its
/// own epoch 0 and step 0, or holds the base rate.
/// </summary>
/// <remarks>
/// The hand-over follows PyTorch's <c>SequentialLR</c> with the milestone at the end of the warm-up: the schedule
/// after it is asked for (base, epoch − E, step − <see cref="WarmupSteps"/>), where E is the epoch of step
/// <see cref="WarmupSteps"/>, its first step. A warm-up of whole epochs (k epochs of s steps, warmupSteps = k·s)
/// therefore hands epoch k over as the next schedule's epoch 0, and one of a fraction of an epoch hands over the epoch it
/// ends in. The warm-up learns E from the first call at or past step <see cref="WarmupSteps"/> (the trainer asks for
/// every step in order, so from step <see cref="WarmupSteps"/> itself) and forgets it at any call before, so each
/// training run, which counts from step 0, finds its own; an instance should drive one training at a time.
/// </remarks>
public sealed class LinearWarmup : ILearningRateSchedule
{
    private readonly ILearningRateSchedule? _after;

    // The epoch of the first step handed over, or -1 while the warm-up has not ended.
    private int _handOverEpoch = -1;

    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">The steps of the ramp; at least 1.</param>
    /// <param name="after">
    /// The schedule from step <paramref name="warmupSteps"/> on, given the same base rate with the epoch and step
    /// counted from its first step (see the remarks); null to hold the base rate.
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
            _handOverEpoch = -1;
            return baseRate * (step + 1) / WarmupSteps;
        }

        if (_after is null)
        {
            return baseRate;
        }

        if (_handOverEpoch < 0)
        {
            _handOverEpoch = epoch;
        }

        return _after.LearningRate(baseRate, Math.Max(0, epoch - _handOverEpoch), step - WarmupSteps);
    }
}
