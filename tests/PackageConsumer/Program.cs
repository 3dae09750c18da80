using CompiledNet;
using CompiledNet.Onnx;

// The network and training of the package README. Exits 1 unless the network learns XOR and the network with the
// weights of xor.cnet compiled in (BakedXorNet) solves XOR too. `--save-weights FILE` saves the trained weights:
// xor.cnet was written with `dotnet run -- --save-weights xor.cnet`.
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[][] targets = [[0], [1], [1], [0]];

var network = new XorNet(seed: 1);
Trainer.Train(network, inputs, targets, new Sgd<float>(learningRate: 0.5f),
    new TrainingOptions { Epochs = 2000, BatchSize = 1, Seed = 1 });

if (args is ["--save-weights", string path])
{
    WeightFile.Save(path, network);
    Console.WriteLine($"Saved the weights to {path}.");
    return 0;
}

bool trainedRight = Solves("trained", network);
bool bakedRight = Solves("baked in", new BakedXorNet());

// The ONNX package: export the trained network and read it back into a fresh one.
using var onnx = new MemoryStream();
OnnxModel.Save(onnx, network);
onnx.Position = 0;
var imported = new XorNet();
OnnxModel.Load(onnx, imported);
bool onnxRight = network.Parameters.SequenceEqual(imported.Parameters) && Solves("through ONNX", imported);

Console.WriteLine(trainedRight && bakedRight && onnxRight
    ? "The packaged generator and runtime learned XOR, compiled xor.cnet into BakedXorNet, and round-tripped it through ONNX."
    : "A network did not solve XOR.");
return trainedRight && bakedRight && onnxRight ? 0 : 1;

static bool Solves(string name, INetwork<float> network)
{
    float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    Span<float> output = stackalloc float[1];
    bool allRight = true;
    foreach (float[] input in inputs)
    {
        network.Forward(input, output);
        bool right = MathF.Round(output[0]) == ((input[0] != input[1]) ? 1 : 0);
        allRight &= right;
        Console.WriteLine(FormattableString.Invariant($"{name}: {input[0]} xor {input[1]} = {output[0]:F4} {(right ? "ok" : "WRONG")}"));
    }

    return allRight;
}

[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;

// The package passes every .cnet file of the project to the compiler, so naming it here is all it takes.
[Network(Weights = "xor.cnet")]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class BakedXorNet;
