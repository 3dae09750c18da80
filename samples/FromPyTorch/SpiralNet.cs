using CompiledNet;

namespace FromPyTorch;

/// <summary>
/// The network train.py trains in PyTorch: nn.Sequential(Linear(2, 16), Tanh, Linear(16, 16), Tanh, Linear(16, 2),
/// Softmax). Its state_dict names (0.weight, 0.bias, 2.weight, ...) are the ones CompiledNet expects of such a
/// Sequential, and its weights are compiled in from the safetensors file train.py wrote.
/// </summary>
[Network(Loss = Loss.CrossEntropy, Weights = "models/spiral.safetensors")]
[Input(2)]
[Dense(16, Activation.Tanh)]
[Dense(16, Activation.Tanh)]
[Dense(2, Activation.Softmax)]
public partial class SpiralNet;
