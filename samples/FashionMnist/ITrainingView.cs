using System;
using CompiledNet;

namespace FashionMnist;

/// <summary>Where the sample shows what it does: a live terminal display, or a plain log.</summary>
internal interface ITrainingView
{
    /// <summary>A line of information before or after training.</summary>
    void Message(string text);

    /// <summary>Runs <paramref name="training"/>, showing its progress as the monitor is told of it.</summary>
    TResult Train<TResult>(int epochs, Func<IEpochMonitor, TResult> training);

    /// <summary>The test accuracy, per-class accuracy and confusion matrix.</summary>
    void ShowResults(ConfusionMatrix test);
}

/// <summary>Told of training as it goes, on the training thread.</summary>
internal interface IEpochMonitor
{
    /// <summary>Epoch <paramref name="epoch"/> (1-based) begins; it will train on <paramref name="samples"/> samples.</summary>
    void EpochStarted(int epoch, int samples);

    /// <summary>A batch is done: <paramref name="samplesDone"/> samples into the epoch, their mean loss so far.</summary>
    void BatchDone(int samplesDone, double runningLoss, TimeSpan elapsed);

    /// <summary>The epoch is done and measured.</summary>
    void EpochEnded(EpochSummary summary);
}

/// <summary>One epoch, measured.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Epochs">The most epochs planned.</param>
/// <param name="Samples">Training samples in the epoch.</param>
/// <param name="TrainingTime">From the epoch's first batch to its last sample, without the validation pass.</param>
/// <param name="TrainingLoss">The mean loss over the epoch's batches, as the weights changed.</param>
/// <param name="Training">Loss and accuracy on a fixed slice of the training set after the epoch.</param>
/// <param name="Validation">Loss and accuracy on the held-out validation set after the epoch.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="IsBest">Whether the validation loss is the lowest so far (early stopping keeps these weights).</param>
internal sealed record EpochSummary(
    int Epoch,
    int Epochs,
    int Samples,
    TimeSpan TrainingTime,
    double TrainingLoss,
    Evaluation Training,
    Evaluation Validation,
    double LearningRate,
    bool IsBest)
{
    /// <summary>Training samples per second of training time.</summary>
    public double SamplesPerSecond => Samples / TrainingTime.TotalSeconds;
}
