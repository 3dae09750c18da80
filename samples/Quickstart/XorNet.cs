using CompiledNet;

namespace Quickstart;

/// <summary>Two inputs, four tanh neurons, one sigmoid output: the smallest network that can learn XOR.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;
