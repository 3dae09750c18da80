using CompiledNet;

namespace FashionMnist;

/// <summary>
/// A 1×28×28 greyscale picture in, one probability per class of clothing out: two 3×3 convolutions (32 and 64
/// filters, ReLU, padded to keep the size), each followed by 2×2 max pooling, dropout of a quarter, then 128 ReLU
/// units and a softmax output, with cross-entropy loss.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dropout(0.25)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionCnn;
