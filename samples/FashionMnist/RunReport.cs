using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FashionMnist;

/// <summary>The text files a run leaves behind: a readable report and a CSV of every epoch.</summary>
internal static class RunReport
{
    /// <summary>Settings, data, timing, test accuracy, per-class accuracy, the confusion matrix and the epochs.</summary>
    public static string Text(ExperimentResult result, SampleOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine($"Fashion-MNIST with CompiledNet: {FashionModels.Describe(options.Model)}.");
        text.AppendLine(Invariant($"Adam, learning rate {options.LearningRate} with a cosine schedule over {FashionExperiment.Epochs(options.Epochs)}, batches of {options.BatchSize}, seed {options.Seed}."));
        text.AppendLine(Invariant($"Early stopping on the validation loss with patience {options.Patience}; the best epoch's weights kept."));
        text.AppendLine(Invariant($"Data: {result.TrainingCount:N0} training images, {result.ValidationCount:N0} validation images, {result.Test.Total:N0} test images."));
        text.AppendLine();
        text.AppendLine(Invariant($"Epochs trained: {result.Epochs.Count} ({result.StopReason}); weights kept from epoch {result.BestEpoch}."));
        if (result.Epochs.Count > 0)
        {
            text.AppendLine(Invariant($"Training time per epoch: {MeanEpochSeconds(result.Epochs):F2} s on average, {SamplesPerSecond(result.Epochs):N0} samples/s (validation passes not included)."));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Test accuracy: {ConfusionMatrix.Percent(result.Test.Accuracy)} ({result.Test.Correct:N0} of {result.Test.Total:N0}), test loss {result.Test.MeanLoss:F4}."));
        text.AppendLine();
        text.AppendLine("Accuracy per class:");
        for (int c = 0; c < result.Test.ClassCount; c++)
        {
            text.AppendLine(Invariant($"  {result.Test.ClassNames[c],-12} {ConfusionMatrix.Percent(result.Test.ClassAccuracy(c)),7}  ({result.Test.Count(c, c)} of {result.Test.Support(c)})"));
        }

        text.AppendLine();
        text.AppendLine("Confusion matrix of the test set (rows: true class, columns: predicted class):");
        text.Append(result.Test.ToText());
        text.AppendLine();
        text.AppendLine("epoch  seconds  samples/s  running loss  training loss  training acc  validation loss  validation acc  learning rate");
        foreach (EpochSummary e in result.Epochs)
        {
            text.AppendLine(Invariant(
                $"{e.Epoch,5}  {e.TrainingTime.TotalSeconds,7:F2}  {e.SamplesPerSecond,9:N0}  {e.TrainingLoss,12:F4}  {e.Training.Loss,13:F4}  {ConfusionMatrix.Percent(e.Training.Accuracy),12}  {e.Validation.Loss,15:F4}  {ConfusionMatrix.Percent(e.Validation.Accuracy),14}  {e.LearningRate,13:0.00e+0}{(e.IsBest ? "  best so far" : string.Empty)}"));
        }

        return text.ToString();
    }

    /// <summary>One line per epoch, with a header.</summary>
    public static string EpochCsv(IReadOnlyList<EpochSummary> epochs)
    {
        var csv = new StringBuilder("epoch,training_seconds,samples_per_second,running_training_loss,training_loss,training_accuracy,validation_loss,validation_accuracy,learning_rate\n");
        foreach (EpochSummary e in epochs)
        {
            csv.Append(Invariant(
                $"{e.Epoch},{e.TrainingTime.TotalSeconds:F3},{e.SamplesPerSecond:F0},{e.TrainingLoss:F6},{e.Training.Loss:F6},{e.Training.Accuracy:F6},{e.Validation.Loss:F6},{e.Validation.Accuracy:F6},{e.LearningRate:0.0000e+0}\n"));
        }

        return csv.ToString();
    }

    /// <summary>The mean training time of an epoch, in seconds.</summary>
    public static double MeanEpochSeconds(IReadOnlyList<EpochSummary> epochs) => epochs.Average(e => e.TrainingTime.TotalSeconds);

    /// <summary>Training samples per second over all epochs together.</summary>
    public static double SamplesPerSecond(IReadOnlyList<EpochSummary> epochs) =>
        epochs.Sum(e => (double)e.Samples) / epochs.Sum(e => e.TrainingTime.TotalSeconds);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
