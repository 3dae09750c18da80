using CompiledNet;

namespace FashionMnist;

/// <summary>
/// A 28×28 greyscale picture in, one probability per class of clothing out: 784-256-128-10, ReLU hidden layers,
/// softmax output, cross-entropy loss.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(784)]
[Dense(256, Activation.ReLU)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionNet;
