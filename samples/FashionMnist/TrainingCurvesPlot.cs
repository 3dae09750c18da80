using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace FashionMnist;

/// <summary>Draws training and validation loss and accuracy per epoch, side by side, to a PNG.</summary>
internal static class TrainingCurvesPlot
{
    private static readonly Color TrainingColor = Colors.SteelBlue;
    private static readonly Color ValidationColor = Colors.OrangeRed;

    /// <summary>Saves the two panels to <paramref name="path"/>, with the epoch whose weights were kept marked.</summary>
    public static void Save(string path, IReadOnlyList<EpochSummary> epochs, int bestEpoch, int trainingProbeCount)
    {
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        string trainingLabel = $"training ({trainingProbeCount:N0} of its samples)";
        string validationLabel = $"validation ({epochs[0].Validation.Count:N0} held out)";

        Plot loss = Panel("Loss per epoch", "cross-entropy", x, bestEpoch);
        AddSeries(loss, x, epochs.Select(e => e.Training.Loss), trainingLabel, TrainingColor);
        AddSeries(loss, x, epochs.Select(e => e.Validation.Loss), validationLabel, ValidationColor);
        loss.ShowLegend(Alignment.UpperRight);

        Plot accuracy = Panel("Accuracy per epoch", "accuracy (%)", x, bestEpoch);
        AddSeries(accuracy, x, epochs.Select(e => e.Training.Accuracy * 100), trainingLabel, TrainingColor);
        AddSeries(accuracy, x, epochs.Select(e => e.Validation.Accuracy * 100), validationLabel, ValidationColor);
        accuracy.ShowLegend(Alignment.LowerRight);

        // A new Multiplot holds one empty plot; Reset puts the loss panel in its place.
        var figure = new Multiplot();
        figure.Reset(loss);
        figure.AddPlot(accuracy);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 1, columns: 2);
        figure.SavePng(path, 1200, 480);
    }

    private static Plot Panel(string title, string yLabel, double[] x, int bestEpoch)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        if (bestEpoch > 0)
        {
            var best = plot.Add.VerticalLine(bestEpoch);
            best.LinePattern = LinePattern.Dashed;
            best.Color = Colors.Gray;
            best.LegendText = $"weights kept (epoch {bestEpoch})";
        }

        // Whole epochs on the x axis, a little room either side.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(x[0] - 0.5, Math.Max(x[^1], x[0] + 1) + 0.5);
        return plot;
    }

    private static void AddSeries(Plot plot, double[] x, IEnumerable<double> y, string label, Color color)
    {
        var series = plot.Add.Scatter(x, y.ToArray());
        series.LegendText = label;
        series.Color = color;
        series.LineWidth = 2;
        series.MarkerSize = 6;
    }
}
