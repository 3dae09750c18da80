using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CompiledNet;

namespace FashionMnist;

/// <summary>A test image the network got wrong.</summary>
/// <param name="Index">Its position in the test set.</param>
/// <param name="Actual">Its true class.</param>
/// <param name="Predicted">The class the network chose.</param>
/// <param name="Confidence">The probability the network gave its choice.</param>
internal sealed record Misclassification(int Index, int Actual, int Predicted, float Confidence);

/// <summary>How often each true class was predicted as each class, with the mistakes kept for a look.</summary>
internal sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    private ConfusionMatrix(string[] classNames, int[,] counts, IReadOnlyList<Misclassification> mistakes, double meanLoss)
    {
        ClassNames = classNames;
        _counts = counts;
        Mistakes = mistakes;
        MeanLoss = meanLoss;
    }

    /// <summary>The class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Every misclassified sample, in data-set order.</summary>
    public IReadOnlyList<Misclassification> Mistakes { get; }

    /// <summary>Samples counted.</summary>
    public int Total => Enumerable.Range(0, ClassCount).Sum(Support);

    /// <summary>Samples classified right.</summary>
    public int Correct => Enumerable.Range(0, ClassCount).Sum(c => _counts[c, c]);

    /// <summary>The fraction classified right.</summary>
    public double Accuracy => (double)Correct / Total;

    /// <summary>The mean cross-entropy, −ln of the probability given to the true class, each log clamped at −100 as <see cref="Evaluator"/> does.</summary>
    public double MeanLoss { get; }

    /// <summary>
    /// Runs <paramref name="network"/> over <paramref name="data"/> once, counting (true class, predicted class) and
    /// summing the loss.
    /// </summary>
    public static ConfusionMatrix Measure(INetwork<float> network, DataSet<float> data, string[] classNames)
    {
        var counts = new int[classNames.Length, classNames.Length];
        var mistakes = new List<Misclassification>();
        double lossSum = 0;
        int outputSize = network.OutputSize;

        // The whole set in one call: ForwardBatch runs each layer once per chunk of rows.
        var outputs = new float[data.Count * outputSize];
        network.ForwardBatch(data.Inputs.Span, outputs);
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<float> output = outputs.AsSpan(i * outputSize, outputSize);
            int actual = data.Label(i);
            int predicted = Evaluator.ArgMax<float>(output);
            counts[actual, predicted]++;
            lossSum -= Math.Max(Math.Log(output[actual]), -100);
            if (predicted != actual)
            {
                mistakes.Add(new Misclassification(i, actual, predicted, output[predicted]));
            }
        }

        return new ConfusionMatrix(classNames, counts, mistakes, lossSum / data.Count);
    }

    /// <summary>Samples of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int Count(int actual, int predicted) => _counts[actual, predicted];

    /// <summary>Samples whose true class is <paramref name="actual"/>.</summary>
    public int Support(int actual)
    {
        int sum = 0;
        for (int predicted = 0; predicted < ClassCount; predicted++)
        {
            sum += _counts[actual, predicted];
        }

        return sum;
    }

    /// <summary>The fraction of class <paramref name="actual"/> classified right (its recall).</summary>
    public double ClassAccuracy(int actual) => (double)_counts[actual, actual] / Support(actual);

    /// <summary>The matrix as aligned plain text, a row per true class, with each class's accuracy.</summary>
    public string ToText()
    {
        int nameWidth = Math.Max("true \\ predicted".Length, ClassNames.Max(n => n.Length));
        int cellWidth = Math.Max(6, ClassNames.Max(n => n.Length)) + 1;
        var text = new StringBuilder();
        text.Append("true \\ predicted".PadRight(nameWidth));
        foreach (string name in ClassNames)
        {
            text.Append(name.PadLeft(cellWidth));
        }

        text.Append("   accuracy").AppendLine();
        for (int actual = 0; actual < ClassCount; actual++)
        {
            text.Append(ClassNames[actual].PadRight(nameWidth));
            for (int predicted = 0; predicted < ClassCount; predicted++)
            {
                text.Append(_counts[actual, predicted].ToString(CultureInfo.InvariantCulture).PadLeft(cellWidth));
            }

            text.Append(Percent(ClassAccuracy(actual)).PadLeft(11)).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>
    /// The matrix as CSV: a header of predicted classes, then a row per true class with its counts, its sample
    /// count and its accuracy.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("true class");
        foreach (string name in ClassNames)
        {
            csv.Append(',').Append(Quoted(name));
        }

        csv.Append(",samples,accuracy\n");
        for (int actual = 0; actual < ClassCount; actual++)
        {
            csv.Append(Quoted(ClassNames[actual]));
            for (int predicted = 0; predicted < ClassCount; predicted++)
            {
                csv.Append(',').Append(_counts[actual, predicted].ToString(CultureInfo.InvariantCulture));
            }

            csv.Append(',').Append(Support(actual).ToString(CultureInfo.InvariantCulture));
            csv.Append(',').Append(ClassAccuracy(actual).ToString("F4", CultureInfo.InvariantCulture)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>A fraction as a percentage with two decimals.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Quoted(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
