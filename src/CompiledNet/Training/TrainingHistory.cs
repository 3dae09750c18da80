using System;
using System.Collections.Generic;

namespace CompiledNet;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The monitored loss stopped improving (<see cref="TrainingOptions.EarlyStopping"/>).</summary>
    EarlyStopped,

    /// <summary>The cancellation token was signalled; training stopped between two batches.</summary>
    Cancelled,
}

/// <summary>Loss and metrics of a network over a data set.</summary>
/// <param name="Count">Samples evaluated.</param>
/// <param name="Loss">The mean per-sample loss the network trains on.</param>
/// <param name="Accuracy">The fraction classified right: argmax of output and target agree (one output: both on the same side of 0.5).</param>
/// <param name="MeanSquaredError">The mean over samples and outputs of (y - t)².</param>
/// <param name="MeanAbsoluteError">The mean over samples and outputs of |y - t|.</param>
public sealed record Evaluation(int Count, double Loss, double Accuracy, double MeanSquaredError, double MeanAbsoluteError);

/// <summary>What one epoch measured, reported through <see cref="IProgress{T}"/> as training goes.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Epochs">The number of epochs planned.</param>
/// <param name="TrainingLoss">The mean per-sample training loss over the epoch's batches (NaN if cancelled before any).</param>
/// <param name="Validation">Loss and metrics on the validation data after the epoch, or null without validation data.</param>
/// <param name="SamplesPerSecond">Training samples processed per second of the epoch.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step, or NaN for optimizers without one.</param>
public sealed record EpochReport(int Epoch, int Epochs, double TrainingLoss, Evaluation? Validation, double SamplesPerSecond, TimeSpan Elapsed, double LearningRate);

/// <summary>What a training run measured.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class TrainingHistory<T>
{
    internal TrainingHistory(T[] epochLosses, IReadOnlyList<EpochReport> epochs, StopReason stopReason, int bestEpoch)
    {
        EpochLosses = epochLosses;
        Epochs = epochs;
        StopReason = stopReason;
        BestEpoch = bestEpoch;
    }

    /// <summary>The mean per-sample training loss of each completed epoch, in order.</summary>
    public IReadOnlyList<T> EpochLosses { get; }

    /// <summary>The full report of each epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>The mean loss of the last completed epoch.</summary>
    public T FinalLoss => EpochLosses[EpochLosses.Count - 1];

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>The 1-based epoch with the lowest monitored loss (0 if none completed); its weights are in place when early stopping restored them.</summary>
    public int BestEpoch { get; }
}
