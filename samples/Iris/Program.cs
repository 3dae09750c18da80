using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CompiledNet;
using Iris;

// Classification: Fisher's iris flowers, four measurements, three species. Standardise the features (fitted on the
// training set only), train with Adam and early stopping, report test accuracy, save and reload the model.
string[] species = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"];
(float[][] measurements, int[] labels) = IrisCsv.Read(Path.Combine(AppContext.BaseDirectory, "iris.csv"), species);
DataSet<float> all = DataSet<float>.FromLabels(measurements, labels, species.Length);
(DataSet<float> training, DataSet<float> test) = all.Split(testFraction: 0.2, seed: 5);

FeatureScaler<float> scaler = FeatureScaler<float>.FitStandardize(training);
training = scaler.Transform(training);
test = scaler.Transform(test);

var network = new IrisNet(seed: 2);
var options = new TrainingOptions
{
    Epochs = 500,
    BatchSize = 8,
    Seed = 3,
    ValidationSplit = 0.25,
    EarlyStopping = new EarlyStopping(patience: 40),
};
Console.WriteLine(Invariant($"Iris: {all.Count} flowers, {training.Count} to train on (a quarter of them held out for validation), {test.Count} to test."));
Console.WriteLine("4-16-3, ReLU hidden, softmax output, cross-entropy, Adam, standardised features.");
TrainingHistory<float> history = Trainer.Fit(network, training, new Adam<float>(learningRate: 0.01), options);
EpochReport best = history.Epochs[history.BestEpoch - 1];
Console.WriteLine(Invariant($"Stopped: {history.StopReason} after {history.Epochs.Count} epochs; best epoch {history.BestEpoch} (validation loss {best.Validation!.Loss:F4}, accuracy {best.Validation.Accuracy:P1})."));

Evaluation result = Evaluator.Evaluate(network, test);
Console.WriteLine(Invariant($"Test: loss {result.Loss:F4}, accuracy {result.Accuracy:P1} ({Math.Round(result.Accuracy * test.Count)} of {test.Count})."));
Console.WriteLine();
ConfusionMatrix.Print(network, test, species);

// The weights and the scaler travel together in one file; a fresh network loaded from it predicts the same.
string path = Path.Combine(Path.GetTempPath(), "iris.cnet");
WeightFile.Save(path, network, scaler);
var reloaded = new IrisNet();
FeatureScaler<float> reloadedScaler = WeightFile.Load(path, reloaded) ?? throw new InvalidDataException("The scaler was not saved.");
Span<float> scaled = stackalloc float[IrisNet.InputSize];
Span<float> first = stackalloc float[IrisNet.OutputSize];
Span<float> second = stackalloc float[IrisNet.OutputSize];
bool same = true;
for (int i = 0; i < measurements.Length; i++)
{
    scaler.Transform(measurements[i], scaled);
    network.Forward(scaled, first);
    reloadedScaler.Transform(measurements[i], scaled);
    reloaded.Forward(scaled, second);
    same &= first.SequenceEqual(second);
}

Console.WriteLine();
Console.WriteLine(Invariant($"Saved to {Path.GetFileName(path)} ({new FileInfo(path).Length} bytes) and reloaded: {(same ? "identical predictions" : "PREDICTIONS DIFFER")}."));
File.Delete(path);
return same && result.Accuracy >= 0.9 ? 0 : 1;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

namespace Iris
{
    /// <summary>Four measurements in, a probability for each of three species out.</summary>
    [Network(Loss = Loss.CrossEntropy)]
    [Input(4)]
    [Dense(16, Activation.ReLU)]
    [Dense(3, Activation.Softmax)]
    public partial class IrisNet;

    /// <summary>Reads iris.csv: a header, then four numbers and a species name per line.</summary>
    internal static class IrisCsv
    {
        public static (float[][] Measurements, int[] Labels) Read(string path, string[] species)
        {
            var measurements = new List<float[]>();
            var labels = new List<int>();
            string[] lines = File.ReadAllLines(path);
            for (int line = 1; line < lines.Length; line++)
            {
                if (lines[line].Length == 0)
                {
                    continue;
                }

                string[] fields = lines[line].Split(',');
                if (fields.Length != 5)
                {
                    throw new InvalidDataException($"{path} line {line + 1}: expected 5 fields but found {fields.Length}.");
                }

                var row = new float[4];
                for (int column = 0; column < 4; column++)
                {
                    row[column] = float.Parse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture);
                }

                int label = Array.IndexOf(species, fields[4]);
                if (label < 0)
                {
                    throw new InvalidDataException($"{path} line {line + 1}: unknown species '{fields[4]}'.");
                }

                measurements.Add(row);
                labels.Add(label);
            }

            return (measurements.ToArray(), labels.ToArray());
        }
    }

    /// <summary>Prints which species the network predicts for the flowers of each true species.</summary>
    internal static class ConfusionMatrix
    {
        public static void Print(IrisNet network, DataSet<float> data, string[] names)
        {
            var counts = new int[names.Length, names.Length];
            var predictions = new int[data.Count];
            Evaluator.PredictClasses<float>(network, data.Inputs.Span, predictions);
            for (int i = 0; i < data.Count; i++)
            {
                counts[data.Label(i), predictions[i]]++;
            }

            Console.WriteLine("true \\ predicted   " + string.Join("  ", Array.ConvertAll(names, n => n.Replace("Iris-", string.Empty, StringComparison.Ordinal).PadLeft(10))));
            for (int actual = 0; actual < names.Length; actual++)
            {
                var cells = new string[names.Length];
                for (int predicted = 0; predicted < names.Length; predicted++)
                {
                    cells[predicted] = counts[actual, predicted].ToString(CultureInfo.InvariantCulture).PadLeft(10);
                }

                Console.WriteLine(names[actual].Replace("Iris-", string.Empty, StringComparison.Ordinal).PadRight(18) + string.Join("  ", cells));
            }
        }
    }
}
