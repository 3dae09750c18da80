using System;
using System.Globalization;
using CompiledNet;
using Quickstart;

float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[][] targets = [[0], [1], [1], [0]];

var network = new XorNet(seed: 1);
var optimizer = new Sgd<float>(learningRate: 0.5f);
const int Epochs = 2000;
const int ReportEvery = 200;

Console.WriteLine("Training XOR: 2-4-1, tanh/sigmoid, mean squared error, SGD with learning rate 0.5, batch 1.");
for (int done = 0; done < Epochs; done += ReportEvery)
{
    TrainingHistory<float> history = Trainer.Train(
        network, inputs, targets, optimizer, new TrainingOptions { Epochs = ReportEvery, BatchSize = 1, Seed = done });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {done + ReportEvery,5}  loss {history.FinalLoss:F6}"));
}

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
