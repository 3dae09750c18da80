using CompiledNet;

// The network and training of the package README. Exits 1 unless the network learns XOR.
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[][] targets = [[0], [1], [1], [0]];

var network = new XorNet(seed: 1);
Trainer.Train(network, inputs, targets, new Sgd<float>(learningRate: 0.5f),
    new TrainingOptions { Epochs = 2000, BatchSize = 1, Seed = 1 });

Span<float> output = stackalloc float[XorNet.OutputSize];
bool allRight = true;
for (int i = 0; i < inputs.Length; i++)
{
    network.Forward(inputs[i], output);
    bool right = MathF.Round(output[0]) == targets[i][0];
    allRight &= right;
    Console.WriteLine(FormattableString.Invariant($"{inputs[i][0]} xor {inputs[i][1]} = {output[0]:F4} {(right ? "ok" : "WRONG")}"));
}

Console.WriteLine(allRight ? "The packaged generator and runtime learned XOR." : "The network did not learn XOR.");
return allRight ? 0 : 1;

[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;
