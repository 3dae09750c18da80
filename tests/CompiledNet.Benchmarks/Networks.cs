using CompiledNet;

namespace CompiledNet.Benchmarks;

/// <summary>W1: XOR, 2-4-1, sigmoid hidden and output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(2)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class XorBenchNet;

/// <summary>W1 with Activation.ApproximateSigmoid on both layers: the same shape and parameters, a shorter chain.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(2)]
[Dense(4, Activation.ApproximateSigmoid)]
[Dense(1, Activation.ApproximateSigmoid)]
public partial class XorApproximateBenchNet;

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

// Pairs on either side of each unroll limit (GenerationLimits: 64 weights, fan-in 8, 4 tanh neurons), for the
// switch-over measurement. Each *Inside network is compact (every layer unrolled); each *Outside network's first layer
// is one step past a limit, so it loops.

/// <summary>8 → 8 ReLU: 64 weights, unrolled.</summary>
[Input(8)]
[Dense(8, Activation.ReLU)]
[Dense(1)]
public partial class WeightsInside;

/// <summary>8 → 9 ReLU: 72 weights, looped.</summary>
[Input(8)]
[Dense(9, Activation.ReLU)]
[Dense(1)]
public partial class WeightsOutside;

/// <summary>8 → 4 ReLU: fan-in 8, unrolled.</summary>
[Input(8)]
[Dense(4, Activation.ReLU)]
[Dense(1)]
public partial class FanInInside;

/// <summary>9 → 4 ReLU: fan-in 9, looped.</summary>
[Input(9)]
[Dense(4, Activation.ReLU)]
[Dense(1)]
public partial class FanInOutside;

/// <summary>2 → 4 Tanh: four tanh neurons, unrolled.</summary>
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1)]
public partial class TanhInside;

/// <summary>2 → 5 Tanh: five tanh neurons, looped.</summary>
[Input(2)]
[Dense(5, Activation.Tanh)]
[Dense(1)]
public partial class TanhOutside;
