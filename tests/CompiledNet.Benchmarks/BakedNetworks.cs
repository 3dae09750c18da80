using CompiledNet;

namespace CompiledNet.Benchmarks;

// Twins of two benchmark networks with their parameters compiled in from a weight file (written by
// `--write-baked-models`, see BakedModels.cs, and passed to the compiler as AdditionalFiles in the csproj). Both are
// compact (every layer unrolled), so the generator also writes ForwardFrozen, Forward with every weight and bias as a
// literal constant.

/// <summary>W1's XorBenchNet (2-4-1, sigmoid/sigmoid, MSE) with W1's initial parameters baked in.</summary>
[Network(Loss = Loss.MeanSquaredError, Weights = BakedModels.W1File)]
[Input(2)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class BakedXorBenchNet;

/// <summary>WeightsInside (8 → 8 ReLU → 1 linear) with Models/relu8.cnet baked in.</summary>
[Network(Weights = BakedModels.Relu8File)]
[Input(8)]
[Dense(8, Activation.ReLU)]
[Dense(1)]
public partial class BakedReluBenchNet;
