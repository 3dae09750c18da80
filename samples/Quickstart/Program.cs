using System;
using System.Globalization;
using CompiledNet;
using Quickstart;

float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[][] targets = [[0], [1], [1], [0]];

var network = new XorNet(seed: 1);
Console.WriteLine("Training XOR: 2-4-1, tanh/sigmoid, mean squared error, SGD with learning rate 0.5, batch 1.");
Trainer.Fit(
    network,
    DataSet<float>.FromRows(inputs, targets),
    new Sgd<float>(learningRate: 0.5),
    new TrainingOptions { Epochs = 2000, BatchSize = 1, Seed = 1 },
    progress: new PrintEvery(200));

Console.WriteLine();
Console.WriteLine(" a  b | a xor b | network");
Span<float> output = stackalloc float[XorNet.OutputSize];
bool allRight = true;
for (int i = 0; i < inputs.Length; i++)
{
    network.Forward(inputs[i], output);
    bool right = MathF.Round(output[0]) == targets[i][0];
    allRight &= right;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {inputs[i][0]}  {inputs[i][1]} |    {targets[i][0]}    | {output[0]:F4} {(right ? "ok" : "WRONG")}"));
}

Console.WriteLine();
Console.WriteLine(allRight ? "The network learned XOR." : "The network did not learn XOR.");
return allRight ? 0 : 1;

/// <summary>Prints the training loss every few epochs, as the trainer reports them.</summary>
internal sealed class PrintEvery(int epochs) : IProgress<EpochReport>
{
    public void Report(EpochReport value)
    {
        if (value.Epoch % epochs == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch,5}  loss {value.TrainingLoss:F6}"));
        }
    }
}
