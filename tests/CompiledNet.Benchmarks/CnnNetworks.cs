using CompiledNet;

namespace CompiledNet.Benchmarks;

/// <summary>The Fashion-MNIST CNN: two 3×3 convolutions with max pooling, dropout, a 128-unit hidden layer, softmax.</summary>
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

/// <summary>
/// <see cref="FashionCnn"/> without its Dropout layer: the function <see cref="PlainCnn"/> computes, so the head-to-head
/// and the correctness check use this one.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionCnnNoDropout;

/// <summary>
/// The convolutional part of <see cref="FashionCnn"/> alone, closed by a 3,136 → 10 softmax layer, to time the
/// convolutions (with their im2col, col2im, pooling and ReLU) nearly in isolation.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(10, Activation.Softmax)]
public partial class FashionConvPart;
