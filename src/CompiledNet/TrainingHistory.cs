using System.Collections.Generic;

namespace CompiledNet;

/// <summary>What a training run measured.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class TrainingHistory<T>
{
    internal TrainingHistory(T[] epochLosses) => EpochLosses = epochLosses;

    /// <summary>The mean per-sample training loss of each epoch, in order.</summary>
    public IReadOnlyList<T> EpochLosses { get; }

    /// <summary>The mean loss of the last epoch.</summary>
    public T FinalLoss => EpochLosses[EpochLosses.Count - 1];
}
