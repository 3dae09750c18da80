using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using CompiledNet;

namespace FashionMnist;

/// <summary>What a run produced.</summary>
/// <param name="Network">The trained network, with the kept weights.</param>
/// <param name="Test">The test set's accuracy, loss and confusion matrix, with the kept weights.</param>
/// <param name="Epochs">Every epoch trained.</param>
/// <param name="BestEpoch">The epoch whose weights were kept (lowest validation loss), or 0 if none finished.</param>
/// <param name="StopReason">Why training ended.</param>
/// <param name="TrainingCount">Images trained on.</param>
/// <param name="ValidationCount">Images held out for validation.</param>
/// <param name="Files">What was written to the output folder.</param>
internal sealed record ExperimentResult(
    INetwork<float> Network,
    ConfusionMatrix Test,
    IReadOnlyList<EpochSummary> Epochs,
    int BestEpoch,
    StopReason StopReason,
    int TrainingCount,
    int ValidationCount,
    OutputFiles Files);

/// <summary>The files a run of <paramref name="Model"/> writes, all in one folder.</summary>
internal sealed record OutputFiles(string Directory, FashionModel Model)
{
    /// <summary>The trained weights, in CompiledNet's weight-file format.</summary>
    public string Weights => Path.Combine(Directory, FashionModels.WeightsFileName(Model));

    /// <summary>Training and validation loss and accuracy per epoch (PNG).</summary>
    public string TrainingCurves => Path.Combine(Directory, "training-curves.png");

    /// <summary>A grid of misclassified test images with their true and predicted labels (PNG).</summary>
    public string Misclassified => Path.Combine(Directory, "misclassified.png");

    /// <summary>The test set's confusion matrix with per-class accuracy (CSV).</summary>
    public string ConfusionMatrix => Path.Combine(Directory, "confusion-matrix.csv");

    /// <summary>Every epoch's measurements (CSV).</summary>
    public string EpochLog => Path.Combine(Directory, "epochs.csv");

    /// <summary>The settings, the results and the confusion matrix as text.</summary>
    public string Report => Path.Combine(Directory, "report.txt");
}

/// <summary>
/// The sample's core, callable in-process: load Fashion-MNIST, hold out a validation set, train with Adam,
/// mini-batches, a cosine schedule and early stopping, then measure on the test set and write the results.
/// </summary>
internal static class FashionExperiment
{
    /// <summary>The share of the training images held out for validation: 5,000 of the 60,000.</summary>
    public const double ValidationFraction = 1.0 / 12;

    /// <summary>How many training images (the first of the training split) are re-measured after each epoch.</summary>
    public const int TrainingProbeCount = 5000;

    /// <summary>How many misclassified test images the grid shows.</summary>
    public const int MisclassifiedShown = 24;

    /// <summary>Trains and reports to <paramref name="view"/> and to <see cref="SampleOptions.OutputDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">The data is missing; the message says how to install it.</exception>
    /// <exception cref="InvalidDataException">A data file is damaged.</exception>
    public static ExperimentResult Run(SampleOptions options, ITrainingView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(view);
        FashionDataSets data = FashionData.Load(options.DataDirectory, options.TrainLimit);
        (DataSet<float> training, DataSet<float> validation) = data.Training.Split(ValidationFraction, options.Seed);
        DataSet<float> probe = training.Take(Math.Min(TrainingProbeCount, training.Count));
        view.Message($"Fashion-MNIST: {training.Count:N0} training images, {validation.Count:N0} held out for validation, {data.Test.Count:N0} test images.");
        view.Message($"{FashionModels.Describe(options.Model)}; Adam (learning rate {SampleOptions.Format(options.LearningRate)}, cosine schedule), "
            + $"batches of {options.BatchSize}, at most {Epochs(options.Epochs)}, early stopping after {options.Patience} without a better validation loss; seed {options.Seed}.");

        INetwork<float> network = FashionModels.Create(options.Model, options.Seed);
        var optimizer = new Adam<float>(options.LearningRate);
        var trainingOptions = new TrainingOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            EarlyStopping = new EarlyStopping(options.Patience, restoreBestWeights: true),
            Schedule = new CosineAnnealing(totalEpochs: options.Epochs),
        };

        var epochs = new List<EpochSummary>();
        TrainingHistory<float> history = view.Train(options.Epochs, monitor =>
        {
            var monitored = new MonitoredNetwork(network, training.Count, monitor);
            var recorder = new EpochRecorder(network, monitored, probe, monitor, epochs);
            return Trainer.Fit(monitored, training, optimizer, trainingOptions, validation, recorder, cancellationToken);
        });

        string stopped = history.StopReason switch
        {
            StopReason.EarlyStopped => $"early stopping after epoch {epochs.Count}",
            StopReason.Cancelled => $"cancelled during epoch {epochs.Count + 1}",
            _ => epochs.Count == 1 ? "the one epoch" : $"all {epochs.Count} epochs",
        };
        view.Message(history.BestEpoch > 0
            ? $"Trained: {stopped}; kept the weights of epoch {history.BestEpoch}, the lowest validation loss."
            : $"Trained: {stopped}; no epoch finished, so the weights are the initial ones.");

        var test = ConfusionMatrix.Measure(network, data.Test, FashionData.ClassNames);
        view.ShowResults(test);

        var files = new OutputFiles(Path.GetFullPath(options.OutputDirectory), options.Model);
        var result = new ExperimentResult(network, test, epochs, history.BestEpoch, history.StopReason, training.Count, validation.Count, files);
        WriteOutputs(result, options, data.Test);
        view.Message($"Wrote the weights, plots and reports to {files.Directory}.");
        return result;
    }

    /// <summary>"1 epoch", "20 epochs".</summary>
    public static string Epochs(int count) => count == 1 ? "1 epoch" : $"{count} epochs";

    private static void WriteOutputs(ExperimentResult result, SampleOptions options, DataSet<float> test)
    {
        OutputFiles files = result.Files;
        Directory.CreateDirectory(files.Directory);
        WeightFile.Save(files.Weights, result.Network);
        File.WriteAllText(files.ConfusionMatrix, result.Test.ToCsv());
        File.WriteAllText(files.EpochLog, RunReport.EpochCsv(result.Epochs));
        File.WriteAllText(files.Report, RunReport.Text(result, options));
        if (result.Epochs.Count > 0)
        {
            TrainingCurvesPlot.Save(files.TrainingCurves, result.Epochs, result.BestEpoch, Math.Min(TrainingProbeCount, result.TrainingCount));
        }

        MisclassifiedGrid.Save(files.Misclassified, test, result.Test, MisclassifiedShown);
    }

    /// <summary>Measures each epoch as the trainer reports it, and tells the monitor.</summary>
    private sealed class EpochRecorder(
        INetwork<float> network, MonitoredNetwork monitored, DataSet<float> probe, IEpochMonitor monitor, List<EpochSummary> epochs)
        : IProgress<EpochReport>
    {
        private double _bestValidationLoss = double.PositiveInfinity;

        public void Report(EpochReport value)
        {
            (TimeSpan trainingTime, double trainingLoss) = monitored.EndEpoch();

            // Forward only: re-measuring a slice of the training set changes no weight, so training stays the same.
            Evaluation onTraining = Evaluator.Evaluate(network, probe);
            Evaluation validation = value.Validation!;
            bool isBest = validation.Loss < _bestValidationLoss;
            _bestValidationLoss = Math.Min(_bestValidationLoss, validation.Loss);
            var summary = new EpochSummary(
                value.Epoch, value.Epochs, monitored.SamplesPerEpoch, trainingTime, trainingLoss, onTraining, validation, value.LearningRate, isBest);
            epochs.Add(summary);
            monitor.EpochEnded(summary);
        }
    }
}
