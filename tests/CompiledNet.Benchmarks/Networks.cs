using CompiledNet;

namespace CompiledNet.Benchmarks;

/// <summary>W1: XOR, 2-4-1, sigmoid hidden and output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(2)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class XorBenchNet;

/// <summary>W2: 64-32-10, tanh hidden, sigmoid output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(64)]
[Dense(32, Activation.Tanh)]
[Dense(10, Activation.Sigmoid)]
public partial class MediumBenchNet;

/// <summary>W3: Fashion-MNIST sized, 784-128-10, ReLU hidden, softmax output, cross-entropy.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionBenchNet;
