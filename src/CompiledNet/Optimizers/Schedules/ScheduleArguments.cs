using System;

namespace CompiledNet;

/// <summary>The checks every <see cref="ILearningRateSchedule.LearningRate"/> makes on its arguments.</summary>
internal static class ScheduleArguments
{
    public static void Check(double baseRate, int epoch, long step)
    {
        Hyperparameter.Positive(baseRate, nameof(baseRate));
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
    }
}
