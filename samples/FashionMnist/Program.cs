using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using FashionMnist;
using Spectre.Console;

// Fashion-MNIST end to end: read the IDX files, train 784-256-128-10 (or, with --model cnn, a CNN) with Adam and
// early stopping while a live view shows each epoch, then report test accuracy, per-class accuracy and a confusion
// matrix, and write the weights, two PNGs and the reports to the output folder. Ctrl+C stops training early and
// still reports.
(SampleOptions? options, string? message) = SampleOptions.Parse(args);
if (options is null)
{
    bool help = message == SampleOptions.Usage;
    (help ? Console.Out : Console.Error).WriteLine(message);
    return help ? 0 : 2;
}

IReadOnlyList<string> missing = FashionData.MissingFiles(options.DataDirectory);
if (missing.Count > 0)
{
    Console.Error.WriteLine(FashionData.MissingDataMessage(options.DataDirectory, missing));
    return 1;
}

// A live display only where someone watches a terminal; a plain log for pipes, files and CI.
bool live = !Console.IsOutputRedirected
    && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
    && AnsiConsole.Profile.Capabilities.Interactive;
ITrainingView view = live ? new LiveTrainingView(AnsiConsole.Console) : new PlainTrainingView(Console.Out);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends training between two batches; a second one ends the program.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

try
{
    FashionExperiment.Run(options, view, cancellation.Token);
    return 0;
}
catch (InvalidDataException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}
