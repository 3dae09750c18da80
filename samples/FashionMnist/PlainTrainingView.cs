using System;
using System.Globalization;
using System.IO;
using CompiledNet;

namespace FashionMnist;

/// <summary>A line-by-line log for output that is not a terminal (a file, a pipe, CI).</summary>
internal sealed class PlainTrainingView(TextWriter writer) : ITrainingView
{
    public void Message(string text) => writer.WriteLine(text);

    public TResult Train<TResult>(int epochs, Func<IEpochMonitor, TResult> training) => training(new EpochLog(writer));

    public void ShowResults(ConfusionMatrix test)
    {
        writer.WriteLine(Invariant($"Test accuracy: {ConfusionMatrix.Percent(test.Accuracy)} ({test.Correct:N0} of {test.Total:N0}), test loss {test.MeanLoss:F4}."));
        writer.WriteLine("Confusion matrix of the test set (rows: true class, columns: predicted class), with each class's accuracy:");
        writer.Write(test.ToText());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One line per epoch; nothing per batch, so a log stays short.</summary>
    private sealed class EpochLog(TextWriter writer) : IEpochMonitor
    {
        public void EpochStarted(int epoch, int samples)
        {
        }

        public void BatchDone(int samplesDone, double runningLoss, TimeSpan elapsed)
        {
        }

        public void EpochEnded(EpochSummary summary)
        {
            writer.WriteLine(
                Invariant($"epoch {summary.Epoch,2}/{summary.Epochs}: {summary.Samples:N0} samples in {summary.TrainingTime.TotalSeconds:F1} s ({summary.SamplesPerSecond:N0} samples/s), ")
                + Invariant($"loss {summary.TrainingLoss:F4}, validation loss {summary.Validation.Loss:F4}, validation accuracy {ConfusionMatrix.Percent(summary.Validation.Accuracy)}")
                + (summary.IsBest ? ", best so far" : string.Empty));
            writer.Flush();
        }
    }
}
