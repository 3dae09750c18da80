using System;
using System.Globalization;
using System.Linq;
using CompiledNet;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FashionMnist;

/// <summary>
/// A live terminal display with Spectre.Console: a bar per epoch that fills batch by batch, showing samples per
/// second and the running loss, then the validation accuracy when the epoch ends; the results as tables.
/// </summary>
internal sealed class LiveTrainingView(IAnsiConsole console) : ITrainingView
{
    // Below this many columns the bars are shorter, the status terser and the matrix's columns numbered.
    private const int WideTerminal = 120;

    private bool Compact => console.Profile.Width < WideTerminal;

    public void Message(string text) => console.MarkupLine(Markup.Escape(text));

    public TResult Train<TResult>(int epochs, Func<IEpochMonitor, TResult> training) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn { Width = Compact ? 12 : 40 },
                new PercentageColumn(),
                new EpochStatusColumn(Compact))
            .Start(context => training(new LiveEpochMonitor(context, epochs)));

    public void ShowResults(ConfusionMatrix test)
    {
        console.WriteLine();
        console.MarkupLine(Invariant($"[bold]Test accuracy: {ConfusionMatrix.Percent(test.Accuracy)}[/] ({test.Correct:N0} of {test.Total:N0}), test loss {test.MeanLoss:F4}"));
        bool compact = Compact;
        var table = new Table()
            .Border(compact ? TableBorder.Simple : TableBorder.Rounded)
            .Title("Test set: true class (rows) against predicted class (columns)")
            .AddColumn(new TableColumn(compact ? "[bold]true[/]" : "[bold]true \\ predicted[/]"));
        for (int predicted = 0; predicted < test.ClassCount; predicted++)
        {
            string header = compact ? predicted.ToString(CultureInfo.InvariantCulture) : Markup.Escape(ShortName(test.ClassNames[predicted]));
            table.AddColumn(new TableColumn(header).RightAligned().Padding(1, 0, compact ? 0 : 1, 0));
        }

        table.AddColumn(new TableColumn("[bold]accuracy[/]").RightAligned());
        for (int actual = 0; actual < test.ClassCount; actual++)
        {
            var cells = new IRenderable[test.ClassCount + 2];
            string name = compact ? Invariant($"{actual} {test.ClassNames[actual]}") : test.ClassNames[actual];
            cells[0] = new Markup(Markup.Escape(name));
            int support = test.Support(actual);
            for (int predicted = 0; predicted < test.ClassCount; predicted++)
            {
                int count = test.Count(actual, predicted);
                string style = predicted == actual ? "green bold" : count >= support / 20 ? "red" : count > 0 ? "yellow" : "grey";
                cells[predicted + 1] = new Markup($"[{style}]{count.ToString(CultureInfo.InvariantCulture)}[/]");
            }

            double accuracy = test.ClassAccuracy(actual);
            cells[^1] = new Markup($"[{(accuracy >= 0.9 ? "green" : accuracy >= 0.75 ? "yellow" : "red")}]{ConfusionMatrix.Percent(accuracy)}[/]");
            table.AddRow(cells);
        }

        console.Write(table);
        if (compact)
        {
            console.MarkupLine("[grey]" + Markup.Escape(string.Join(", ", test.ClassNames.Select((name, index) => Invariant($"{index} {name}")))) + "[/]");
        }
    }

    // Short enough that eleven columns fit a 120-column terminal.
    private static string ShortName(string name) => name switch
    {
        "T-shirt/top" => "T-shirt",
        "Ankle boot" => "Boot",
        _ => name,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the status column shows for an epoch, replaced whole on each update.</summary>
    private sealed record EpochStatus(double SamplesPerSecond, double RunningLoss, EpochSummary? Finished);

    /// <summary>Adds a bar per epoch and moves it as batches finish.</summary>
    private sealed class LiveEpochMonitor(ProgressContext context, int epochs) : IEpochMonitor
    {
        private static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(50);
        private ProgressTask? _task;
        private TimeSpan _lastUpdate;

        public void EpochStarted(int epoch, int samples)
        {
            _task = context.AddTask(Invariant($"Epoch {epoch.ToString(CultureInfo.InvariantCulture).PadLeft(epochs.ToString(CultureInfo.InvariantCulture).Length)}/{epochs}"), maxValue: samples);
            _task.Tag = new EpochStatus(0, double.NaN, null);
            _lastUpdate = TimeSpan.Zero;
        }

        public void BatchDone(int samplesDone, double runningLoss, TimeSpan elapsed)
        {
            // The display redraws a few times a second; more updates would only cost the training thread.
            if (_task is null || elapsed - _lastUpdate < UpdateInterval)
            {
                return;
            }

            _lastUpdate = elapsed;
            _task.Tag = new EpochStatus(samplesDone / elapsed.TotalSeconds, runningLoss, null);
            _task.Value = samplesDone;
        }

        public void EpochEnded(EpochSummary summary)
        {
            if (_task is null)
            {
                return;
            }

            _task.Tag = new EpochStatus(summary.SamplesPerSecond, summary.TrainingLoss, summary);
            _task.Value = _task.MaxValue;
            _task.StopTask();
            context.Refresh();
        }
    }

    /// <summary>Samples per second and the running loss; the validation accuracy once the epoch is done.</summary>
    private sealed class EpochStatusColumn(bool compact) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.Tag is not EpochStatus status || double.IsNaN(status.RunningLoss))
            {
                return new Markup("[grey]starting[/]");
            }

            string text = Invariant($"{status.SamplesPerSecond,7:N0}{(compact ? "/s" : " samples/s")}  loss {status.RunningLoss:F4}");
            if (status.Finished is { } done)
            {
                text += compact
                    ? Invariant($"  val [bold]{ConfusionMatrix.Percent(done.Validation.Accuracy)}[/]")
                    : Invariant($"  validation [bold]{ConfusionMatrix.Percent(done.Validation.Accuracy)}[/] (loss {done.Validation.Loss:F4})");
                text += done.IsBest ? " [green]best[/]" : string.Empty;
            }

            return new Markup(text);
        }
    }
}
