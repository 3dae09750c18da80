using System;
using System.Globalization;
using CompiledNet;
using Sine;

// Regression: learn sin(x) on [-π, π] from 1,000 samples with Adam, then measure the fit on points it never saw.
const int TrainingCount = 1000;
var random = new SeededRandom(7);
var inputs = new float[TrainingCount][];
var targets = new float[TrainingCount][];
for (int i = 0; i < TrainingCount; i++)
{
    float x = (float)((random.NextDouble() * 2 - 1) * Math.PI);
    inputs[i] = [x];
    targets[i] = [MathF.Sin(x)];
}

var network = new SineNet(seed: 3);
var optimizer = new Adam<float>(learningRate: 0.01);
var options = new TrainingOptions
{
    Epochs = 300,
    BatchSize = 32,
    Seed = 1,
    ValidationSplit = 0.2,
    EarlyStopping = new EarlyStopping(patience: 30, minDelta: 1e-7),
    Schedule = new CosineAnnealing(totalEpochs: 300, minRate: 1e-4),
};

Console.WriteLine("Fitting sin(x) on [-π, π]: 1-32-32-1, tanh hidden, linear output, MSE, Adam with a cosine schedule.");
var progress = new ConsoleProgress(every: 25);
TrainingHistory<float> history = Trainer.Fit(network, DataSet<float>.FromRows(inputs, targets), optimizer, options, progress: progress);
Console.WriteLine(Invariant($"Stopped: {history.StopReason} after {history.Epochs.Count} epochs; best epoch {history.BestEpoch}, weights restored."));

// Measure on an even grid the network never trained on.
Console.WriteLine();
Console.WriteLine("      x    sin(x)   network");
Span<float> output = stackalloc float[SineNet.OutputSize];
double squaredSum = 0, maxError = 0;
const int GridCount = 1001;
for (int i = 0; i < GridCount; i++)
{
    float x = (float)(-Math.PI + (2 * Math.PI * i / (GridCount - 1)));
    network.Forward([x], output);
    double error = Math.Abs(output[0] - Math.Sin(x));
    squaredSum += error * error;
    maxError = Math.Max(maxError, error);
    if (i % 125 == 0)
    {
        Console.WriteLine(Invariant($"{x,7:F3}  {Math.Sin(x),8:F4}  {output[0],8:F4}"));
    }
}

double rootMeanSquare = Math.Sqrt(squaredSum / GridCount);
Console.WriteLine();
Console.WriteLine(Invariant($"On {GridCount} evenly spaced points: RMS error {rootMeanSquare:F5}, largest error {maxError:F5}."));
bool good = rootMeanSquare < 0.02;
Console.WriteLine(good ? "A close fit." : "The fit is poor.");
return good ? 0 : 1;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

namespace Sine
{
    /// <summary>One input, two tanh layers of 32, one linear output.</summary>
    [Input(1)]
    [Dense(32, Activation.Tanh)]
    [Dense(32, Activation.Tanh)]
    [Dense(1, Activation.Linear)]
    public partial class SineNet;

    /// <summary>Prints every few epochs as training reports them.</summary>
    internal sealed class ConsoleProgress(int every) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            if (value.Epoch % every == 0 || value.Epoch == 1)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"epoch {value.Epoch,4}  training loss {value.TrainingLoss:E3}  validation loss {value.Validation?.Loss:E3}  learning rate {value.LearningRate:E2}"));
            }
        }
    }
}
