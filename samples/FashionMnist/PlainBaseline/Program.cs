using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using CompiledNet;
using PlainBaseline;

// The yardstick for the Fashion-MNIST sample: the same 784-256-128-10 network, the same Adam (learning rate 1e-3),
// the same batches of 128 over the same 55,000 training images in a new order each epoch, written as a plain C#
// loop over flat arrays. Prints each epoch's training time and samples per second (validation not included).
//
//   dotnet run --project samples/FashionMnist/PlainBaseline -c Release -- [epochs] [data folder]
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
string data = args.Length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist";
const int BatchSize = 128;
const float LearningRate = 1e-3f;
const int Seed = 1;

DataSet<float> all = IdxFile.LoadDataSet<float>(Path.Combine(data, "train-images-idx3-ubyte.gz"), Path.Combine(data, "train-labels-idx1-ubyte.gz"), 10);
(DataSet<float> training, DataSet<float> validation) = all.Split(testFraction: 1.0 / 12, seed: Seed);
int[] labels = new int[training.Count];
for (int i = 0; i < labels.Length; i++)
{
    labels[i] = training.Label(i);
}

Console.WriteLine(Invariant($"Plain C# MLP: 784-256-128-10, Adam {LearningRate}, batches of {BatchSize}, {training.Count:N0} training images, {epochs} epochs."));
var network = new PlainMlp(Seed);
var random = new Random(Seed);
int[] order = new int[training.Count];
for (int i = 0; i < order.Length; i++)
{
    order[i] = i;
}

ReadOnlySpan<float> inputs = training.Inputs.Span;
for (int epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(order);
    double lossSum = 0;
    long started = Stopwatch.GetTimestamp();
    for (int start = 0; start < order.Length; start += BatchSize)
    {
        int end = Math.Min(start + BatchSize, order.Length);
        network.ZeroGradients();
        for (int i = start; i < end; i++)
        {
            int sample = order[i];
            lossSum += network.Backward(inputs.Slice(sample * PlainMlp.Inputs, PlainMlp.Inputs), labels[sample]);
        }

        network.AdamStep(LearningRate, end - start);
    }

    double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    int correct = 0;
    for (int i = 0; i < validation.Count; i++)
    {
        correct += Evaluator.ArgMax(network.Forward(validation.Input(i))) == validation.Label(i) ? 1 : 0;
    }

    Console.WriteLine(Invariant(
        $"epoch {epoch}: {order.Length:N0} samples in {seconds:F2} s ({order.Length / seconds:N0} samples/s), loss {lossSum / order.Length:F4}, validation accuracy {100.0 * correct / validation.Count:F2}%"));
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
