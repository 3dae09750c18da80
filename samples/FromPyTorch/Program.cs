using System;
using System.Globalization;
using System.IO;
using System.Linq;
using CompiledNet;
using CompiledNet.Onnx;
using FromPyTorch;

// A network trained in PyTorch (train.py), shipped with CompiledNet. The same weights arrive three ways: compiled
// into SpiralNet from models/spiral.safetensors, read at run time from that file, and read from the ONNX model
// torch.onnx.export wrote. Each must give PyTorch's probabilities. `--fine-tune` then trains on, on the device.
const float Tolerance = 1e-5f;
string models = Path.Combine(AppContext.BaseDirectory, "models");
Expected expected = Expected.Load(Path.Combine(models, "expected.json"));

var baked = new SpiralNet();
var fromSafeTensors = new SpiralNet(seed: 1);
SafeTensors.Load(Path.Combine(models, "spiral.safetensors"), fromSafeTensors);
var fromOnnx = new SpiralNet(seed: 1);
OnnxModel.Load(Path.Combine(models, "spiral.onnx"), fromOnnx);

Console.WriteLine($"PyTorch {expected.TorchVersion} trained the network; P(class 1) for the first test points:");
Console.WriteLine("        x        y |  PyTorch | compiled in | safetensors |     ONNX");
float[] output = new float[SpiralNet.OutputSize];
float worst = 0f;
for (int i = 0; i < expected.TestInputs.Length; i++)
{
    float[] input = expected.TestInputs[i];
    float torch = expected.TorchProbabilities[i][1];
    float[] ours = [Probability(baked, input), Probability(fromSafeTensors, input), Probability(fromOnnx, input)];
    worst = Math.Max(worst, ours.Max(p => Math.Abs(p - torch)));
    if (i % 10 == 0)
    {
        Console.WriteLine(Invariant($"{input[0],9:F4}{input[1],9:F4} | {torch,8:F6} | {ours[0],11:F6} | {ours[1],11:F6} | {ours[2],8:F6}"));
    }
}

Console.WriteLine(Invariant($"Largest difference from PyTorch over {expected.TestInputs.Length} test points: {worst:E2} (allowed: {Tolerance:E0})."));
bool sameWeights = baked.Parameters.SequenceEqual(fromSafeTensors.Parameters) && baked.Parameters.SequenceEqual(fromOnnx.Parameters);
Console.WriteLine($"The three ways in hold the same {SpiralNet.ParameterCount} parameters: {(sameWeights ? "yes" : "NO")}.");
Console.WriteLine(Invariant($"Test accuracy, compiled in: {Accuracy(baked, expected.TestInputs, expected.TestLabels):P1}"));
if (args is ["--fine-tune"])
{
    FineTune(baked, expected);
}

return worst <= Tolerance && sameWeights ? 0 : 1;

static float Probability(SpiralNet network, float[] input)
{
    Span<float> output = stackalloc float[SpiralNet.OutputSize];
    network.Forward(input, output);
    return output[1];
}

static double Accuracy(SpiralNet network, float[][] inputs, int[] labels) =>
    Evaluator.Evaluate(network, DataSet<float>.FromLabels(inputs, labels, classCount: 2)).Accuracy;

// Training goes on from the baked weights on the device, and RestoreBakedParameters undoes it.
static void FineTune(SpiralNet network, Expected expected)
{
    DataSet<float> training = DataSet<float>.FromLabels(expected.TrainInputs, expected.TrainLabels, classCount: 2);
    TrainingHistory<float> history = Trainer.Fit(network, training, new Adam<float>(learningRate: 0.005), new TrainingOptions { Epochs = 20, BatchSize = 16, Seed = 1 });
    Console.WriteLine(Invariant($"20 more epochs on the device: training loss {history.EpochLosses[0]:F4} in the first, {history.FinalLoss:F4} in the last; test accuracy {Accuracy(network, expected.TestInputs, expected.TestLabels):P1}"));
    network.RestoreBakedParameters();
    Console.WriteLine(Invariant($"RestoreBakedParameters: test accuracy {Accuracy(network, expected.TestInputs, expected.TestLabels):P1} again"));
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
